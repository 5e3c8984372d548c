/**
 * Common cause: how a rule's sensor alarms collapse into one alarm per group (its members listed, the first one
 * first-out). By district, by an attribute of the sensors (a road name for a corridor), by areas drawn on the map (the
 * scope's polygon drawing, each area named), or one alarm for the whole scope. Only rules with one alarm per sensor.
 */
import type { ErrorOf } from './FormParts';
import { Field } from './FormParts';
import type { GroupBy, RuleForm } from './ruleForm';

const GROUP_OPTIONS: readonly { by: GroupBy; label: string }[] = [
  { by: 'none', label: 'none — one alarm per sensor' },
  { by: 'district', label: 'district' },
  { by: 'attribute', label: 'an attribute of the sensors (e.g. the road)' },
  { by: 'areas', label: 'areas drawn on the map' },
  { by: 'scope', label: 'the whole scope (one alarm)' },
];

export function GroupingFields({
  group,
  subject,
  attributes,
  districts,
  drawing,
  drawPoints,
  err,
  onChange,
  onDraw,
  onFinishDraw,
  onCancelDraw,
}: {
  group: RuleForm['group'];
  subject: 'sensor' | 'zone';
  attributes: { attribute: string; sensors: number; values: number; examples: string[] }[];
  /** Districts the desk knows. */
  districts: number;
  /** A grouping area is being drawn on the map. */
  drawing: boolean;
  drawPoints: number;
  err: ErrorOf;
  onChange: (group: RuleForm['group']) => void;
  onDraw: () => void;
  onFinishDraw: () => void;
  onCancelDraw: () => void;
}) {
  if (subject === 'zone') {
    return (
      <div className="grouping" data-testid="rule-grouping">
        <p className="muted small">This rule raises one alarm for the whole area already; grouping is for rules with one alarm per sensor.</p>
        {group.by !== 'none' && (
          <button type="button" className="link" data-testid="rule-group-remove" onClick={() => onChange({ ...group, by: 'none' })}>
            remove the grouping
          </button>
        )}
        {err('group')}
      </div>
    );
  }
  const picked = attributes.find((a) => a.attribute === group.attribute);
  return (
    <div className="grouping" data-testid="rule-grouping">
      <Field label="Group alarms by" hint="sensors of one group raise one alarm, listing its members and which came first" error={err('group')}>
        <select data-testid="rule-group-by" value={group.by} onChange={(e) => onChange({ ...group, by: e.target.value as GroupBy })}>
          {GROUP_OPTIONS.map((o) => (
            <option key={o.by} value={o.by} disabled={o.by === 'district' && districts === 0}>
              {o.label}
              {o.by === 'district' && districts === 0 ? ' (no districts known)' : ''}
            </option>
          ))}
        </select>
      </Field>
      {group.by === 'district' && <p className="muted small">One alarm per district ({districts} known); sensors outside every district alarm alone.</p>}
      {group.by === 'attribute' && (
        <Field label="Attribute" hint="sensors without it alarm alone">
          <select data-testid="rule-group-attribute" value={group.attribute} onChange={(e) => onChange({ ...group, attribute: e.target.value })}>
            <option value="">— choose an attribute —</option>
            {attributes.map((a) => (
              <option key={a.attribute} value={a.attribute}>
                {a.attribute} ({a.values} value{a.values === 1 ? '' : 's'} on {a.sensors} sensor{a.sensors === 1 ? '' : 's'})
              </option>
            ))}
            {group.attribute && !picked && <option value={group.attribute}>{group.attribute} (no sensor in this feed has it)</option>}
          </select>
          {picked && <span className="muted small">e.g. {picked.examples.join(', ')}</span>}
        </Field>
      )}
      {group.by === 'areas' && (
        <div className="group-areas" data-testid="rule-group-areas">
          {group.areas.length === 0 && !drawing && <p className="muted small">No area drawn yet; sensors outside every area alarm alone.</p>}
          {group.areas.map((a, i) => (
            <div key={i} className="group-area row2" data-testid="rule-group-area">
              <Field label={`Area ${i + 1} name`} hint={`${a.polygon.length} corners`}>
                <input data-testid="rule-group-area-name" value={a.name} maxLength={120} onChange={(e) => onChange({ ...group, areas: group.areas.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} />
              </Field>
              <button type="button" className="link" onClick={() => onChange({ ...group, areas: group.areas.filter((_, j) => j !== i) })}>
                remove
              </button>
            </div>
          ))}
          {drawing ? (
            <div className="draw-box">
              <p className="small">
                Click on the map to add corners ({drawPoints} so far); <b>double-click</b> to close the area.
              </p>
              <button type="button" className="btn primary" disabled={drawPoints < 3} onClick={onFinishDraw}>
                Close the area
              </button>
              <button type="button" className="btn" onClick={onCancelDraw}>
                Cancel drawing
              </button>
            </div>
          ) : (
            <button type="button" className="btn" data-testid="rule-group-draw" onClick={onDraw}>
              + Draw an area on the map
            </button>
          )}
        </div>
      )}
      {group.by === 'scope' && <p className="muted small">Every sensor of the scope raises into one alarm for the rule.</p>}
    </div>
  );
}
