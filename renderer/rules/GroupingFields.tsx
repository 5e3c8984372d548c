/**
 * Common cause: how a rule's sensor alarms collapse into one alarm per group (its members listed, the first one
 * first-out). By district, by an attribute of the sensors (a road name for a corridor), by areas drawn on the map (the
 * scope's polygon drawing, each area named), or one alarm for the whole scope. Only rules with one alarm per sensor.
 */
import { useT } from '../i18n/i18n';
import type { ErrorOf } from './FormParts';
import { Field } from './FormParts';
import type { GroupBy, RuleForm } from './ruleForm';

const GROUP_OPTIONS: readonly GroupBy[] = ['none', 'district', 'attribute', 'areas', 'scope'];

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
  const { t } = useT();
  if (subject === 'zone') {
    return (
      <div className="grouping" data-testid="rule-grouping">
        <p className="muted small">{t('rules.group.zoneRule')}</p>
        {group.by !== 'none' && (
          <button type="button" className="link" data-testid="rule-group-remove" onClick={() => onChange({ ...group, by: 'none' })}>
            {t('rules.group.remove')}
          </button>
        )}
        {err('group')}
      </div>
    );
  }
  const picked = attributes.find((a) => a.attribute === group.attribute);
  return (
    <div className="grouping" data-testid="rule-grouping">
      <Field label={t('rules.group.by')} hint={t('rules.group.byHint')} error={err('group')}>
        <select data-testid="rule-group-by" value={group.by} onChange={(e) => onChange({ ...group, by: e.target.value as GroupBy })}>
          {GROUP_OPTIONS.map((by) => (
            <option key={by} value={by} disabled={by === 'district' && districts === 0}>
              {t(`rules.group.option.${by}`)}
              {by === 'district' && districts === 0 ? ` ${t('rules.group.noDistricts')}` : ''}
            </option>
          ))}
        </select>
      </Field>
      {group.by === 'district' && <p className="muted small">{t('rules.group.perDistrict', { count: districts })}</p>}
      {group.by === 'attribute' && (
        <Field label={t('rules.group.attribute')} hint={t('rules.group.attributeHint')}>
          <select data-testid="rule-group-attribute" value={group.attribute} onChange={(e) => onChange({ ...group, attribute: e.target.value })}>
            <option value="">{t('rules.group.chooseAttribute')}</option>
            {attributes.map((a) => (
              <option key={a.attribute} value={a.attribute}>
                {a.attribute} ({t('rules.group.values', { count: a.values })} {t('rules.group.onSensors', { count: a.sensors })})
              </option>
            ))}
            {group.attribute && !picked && <option value={group.attribute}>{t('rules.group.noSensorHasIt', { attribute: group.attribute })}</option>}
          </select>
          {picked && <span className="muted small">{t('rules.group.eg', { examples: picked.examples.join(', ') })}</span>}
        </Field>
      )}
      {group.by === 'areas' && (
        <div className="group-areas" data-testid="rule-group-areas">
          {group.areas.length === 0 && !drawing && <p className="muted small">{t('rules.group.noArea')}</p>}
          {group.areas.map((a, i) => (
            <div key={i} className="group-area row2" data-testid="rule-group-area">
              <Field label={t('rules.group.areaName', { n: i + 1 })} hint={t('rules.group.corners', { count: a.polygon.length })}>
                <input data-testid="rule-group-area-name" value={a.name} maxLength={120} onChange={(e) => onChange({ ...group, areas: group.areas.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)) })} />
              </Field>
              <button type="button" className="link" onClick={() => onChange({ ...group, areas: group.areas.filter((_, j) => j !== i) })}>
                {t('rules.editor.remove')}
              </button>
            </div>
          ))}
          {drawing ? (
            <div className="draw-box">
              <p className="small">
                {t('rules.editor.drawHelp', { count: drawPoints })}
              </p>
              <button type="button" className="btn primary" disabled={drawPoints < 3} onClick={onFinishDraw}>
                {t('rules.editor.closeArea')}
              </button>
              <button type="button" className="btn" onClick={onCancelDraw}>
                {t('rules.editor.cancelDrawing')}
              </button>
            </div>
          ) : (
            <button type="button" className="btn" data-testid="rule-group-draw" onClick={onDraw}>
              {t('rules.group.drawArea')}
            </button>
          )}
        </div>
      )}
      {group.by === 'scope' && <p className="muted small">{t('rules.group.scope')}</p>}
    </div>
  );
}
