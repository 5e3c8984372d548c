/**
 * The rule editor (supervisors): a step-by-step form that builds the rule JSON, validated by the engine on every change
 * (messages next to the fields), with the JSON visible (read-only) or edited directly (parsed with JSON.parse and
 * validated — never evaluated). Backtest runs the rule over the cached history (summary, event list, time strip, marks
 * on the map) and the alarm load it would add; Publish shows that load and asks first, then saves a new version. The
 * alarm design parts have their own files: the rationale (RationaleFields), grouping (GroupingFields), quality flags
 * (QualityFields), delays and deadband (DelayFields), the load (LoadSummary) and the confirmation (PublishConfirm).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { BacktestResult, EngineClient, Rule, ZoneInfo } from '../../electron/engine/api';
import type { Sensor } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { boundsOf, subjectTarget, targetCenter, zoneRings, type BacktestMark } from '../map/layers/alerts';
import { formatFeedRange, formatFeedShort, formatFeedTime } from '../panels/format';
import { PROVENANCE_TEXT } from '../panels/provenance';
import { RunProgress, useRunProgress } from '../panels/RunProgress';
import { errorText, formErrorText, hasErrorCode } from '../platform/rpc-client';
import { appStore, isSupervisor, useAppStore, useTimeZone } from '../store';
import { DelayFields } from './DelayFields';
import { Field, Step } from './FormParts';
import { GroupingFields } from './GroupingFields';
import { LoadSummary } from './LoadSummary';
import { PublishConfirm } from './PublishConfirm';
import { QualityFields } from './QualityFields';
import { RationaleFields } from './RationaleFields';
import { missingRationale, publishBlocker } from './rationale';
import { withOnDelay } from './tuning';
import {
  AGG_OPTIONS,
  attributeOptions,
  CONDITION_TYPES,
  dayLabels,
  INNER_TYPES,
  OPS,
  SCOPE_OPTIONS,
  SEVERITY_OPTIONS,
  describeRule,
  fieldErrors,
  fromRule,
  humanError,
  isPairOp,
  metricOption,
  metricOptions,
  newCondition,
  subjectOf,
  toRule,
  toggleSensor,
  typeOptions,
  withKind,
  withName,
  withQuality,
  type ConditionForm,
  type ConditionFormType,
  type InnerType,
  type RuleForm,
} from './ruleForm';
import { ruleJsonText } from './RulesList';
import './rule-editor.css';
import { t as tr, useT } from '../i18n/i18n';
import { severityLabel } from '../alarms/alarmList';

type Validation = { state: 'pending' } | { state: 'ok'; rule: Rule } | { state: 'invalid'; errors: string[] } | { state: 'unavailable'; error: string };

/** Wait this long after the last change before validating (ms). */
const VALIDATE_DEBOUNCE_MS = 150;
/** Backtest events listed at most. */
const MAX_EVENTS = 200;

function findZone(zones: readonly ZoneInfo[], key: string): ZoneInfo | undefined {
  const k = key.trim().toLowerCase();
  if (!k) return undefined;
  return zones.find((z) => z.id.toLowerCase() === k) ?? zones.find((z) => z.name.toLowerCase() === k);
}

export function RuleEditor({ client }: { client: EngineClient }) {
  const editor = useAppStore((s) => s.editor);
  const supervisor = useAppStore(isSupervisor);
  const zones = useAppStore((s) => s.zones);
  const catalogue = useAppStore((s) => s.catalogue);
  const registry = useAppStore((s) => s.registry);
  const timeZone = useTimeZone();
  const { t } = useT();
  const mapMode = useAppStore((s) => s.mapMode);
  const drawPoints = useAppStore((s) => s.drawPoints);
  const drawTarget = useAppStore((s) => s.drawTarget);
  const updateForm = useAppStore((s) => s.updateForm);
  const setMapMode = useAppStore((s) => s.setMapMode);
  const closeEditor = useAppStore((s) => s.closeEditor);
  const finishDraw = useAppStore((s) => s.finishDraw);
  const setBacktestMarks = useAppStore((s) => s.setBacktestMarks);
  const upsertRule = useAppStore((s) => s.upsertRule);
  const setDrawerTab = useAppStore((s) => s.setDrawerTab);

  /** Non-null: JSON mode, with the text being edited. */
  const [jsonText, setJsonText] = useState<string | null>(null);
  const [jsonNote, setJsonNote] = useState<string | null>(null);
  const [validation, setValidation] = useState<Validation>({ state: 'pending' });
  const [backtest, setBacktest] = useState<BacktestResult | null>(null);
  /** Publishing: the confirmation with the backtested load is open. */
  const [confirming, setConfirming] = useState(false);
  /** A publish was tried with the rationale missing: its empty fields say so. */
  const [showRequired, setShowRequired] = useState(false);
  const [backtestError, setBacktestError] = useState<string | null>(null);
  /** The running backtest: its id (for its progress events and Cancel) and how far it got; closing the editor cancels it. */
  const { running, setRunning, runningId } = useRunProgress(client, 'backtest');
  const [busy, setBusy] = useState<'backtest' | 'publish' | null>(null);
  const [publishError, setPublishError] = useState<string | null>(null);
  const [showJson, setShowJson] = useState(false);

  const form = editor?.form;
  const parsedJson = useMemo((): { ok: true; value: unknown } | { ok: false; error: string } | null => {
    if (jsonText === null) return null;
    try {
      return { ok: true, value: JSON.parse(jsonText) as unknown };
    } catch (err) {
      return { ok: false, error: errorText(err) };
    }
  }, [jsonText]);
  const doc = useMemo<unknown>(() => (parsedJson ? (parsedJson.ok ? parsedJson.value : undefined) : form ? toRule(form) : undefined), [parsedJson, form]);
  const docKey = useMemo(() => JSON.stringify(doc ?? null), [doc]);

  // Live validation on every change (debounced, latest answer wins). The engine's validation errors stay in its
  // English (it validates in one language); the words this editor makes around them are the operator's language.
  useEffect(() => {
    if (doc === undefined) return;
    let cancelled = false;
    setValidation({ state: 'pending' });
    const t = setTimeout(() => {
      client.call('validateRule', { rule: doc }).then(
        (res) => !cancelled && setValidation(res.ok ? { state: 'ok', rule: res.rule } : { state: 'invalid', errors: res.errors }),
        (err: unknown) => !cancelled && setValidation({ state: 'unavailable', error: errorText(err) }),
      );
    }, VALIDATE_DEBOUNCE_MS);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
    // docKey stands for doc's content (doc itself is a new object on every render)
  }, [client, docKey]);

  // A changed rule invalidates the last backtest (and a confirmation asked about it).
  useEffect(() => {
    setBacktest(null);
    setBacktestError(null);
    setBacktestMarks([]);
    setConfirming(false);
  }, [docKey, setBacktestMarks]);

  // Fly to a chosen district.
  const district = form?.scope === 'district' ? findZone(zones, form.district) : undefined;
  useEffect(() => {
    if (!district) return;
    const b = boundsOf(zoneRings(district).flat());
    if (b) appStore.getState().requestFocus(b, 15);
  }, [district]);

  if (!editor || !form) return null;

  const errors = validation.state === 'invalid' ? validation.errors : [];
  const fe = jsonText === null ? fieldErrors(errors, form) : { fields: new Map<string, string[]>(), other: errors.map((e) => humanError(e)) };
  const err = (key: string): ReactNode => {
    const list = fe.fields.get(key);
    return list?.length ? (
      <div className="field-error" role="alert" data-testid={`error-${key}`}>
        {list.join('; ')}
      </div>
    ) : null;
  };
  const set = (fn: (f: RuleForm) => RuleForm): void => updateForm(fn);
  const setCond = (i: number, patch: Partial<ConditionForm>): void => set((f) => ({ ...f, conditions: f.conditions.map((c, j) => (j === i ? { ...c, ...patch } : c)) }));

  /** The backtest of the current content: its result, 'cancelled', or null when it failed (the error says why). */
  const runBacktest = async (): Promise<BacktestResult | 'cancelled' | null> => {
    if (doc === undefined || busy) return null;
    setBusy('backtest');
    setBacktestError(null);
    setBacktest(null);
    const id = `bt-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    runningId.current = id;
    setRunning({ id, done: 0, readings: 0 });
    try {
      const res = await client.call('backtestRule', { rule: doc, id });
      setBacktest(res);
      requestAnimationFrame(() => document.querySelector('[data-testid=backtest]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
      setBacktestMarks(backtestMarks(res, { catalogue, zones, rules: appStore.getState().rules }, form));
      return res;
    } catch (e) {
      setBacktestError(hasErrorCode(e, 'cancelled') ? t('rules.editor.backtestCancelled') : hasErrorCode(e, 'invalid-params') ? t('rules.editor.notValidYet', { issues: e.issues.map((i) => (i.path.startsWith('rule.') ? `${i.path.slice('rule.'.length)}: ${i.message}` : i.message)).join('; ') }) : t('rules.editor.backtestFailed', { error: errorText(e) }));
      return hasErrorCode(e, 'cancelled') ? 'cancelled' : null;
    } finally {
      runningId.current = null;
      setRunning(null);
      setBusy(null);
    }
  };

  const cancelBacktest = (): void => {
    const id = runningId.current;
    if (id) void client.call('cancelBacktest', { id }).catch((e: unknown) => setBacktestError(t('rules.editor.cancelFailed', { error: errorText(e) })));
  };

  /**
   * Publish: the rationale first (required here), then the load: the backtest of this content (run now if none is
   * current) and a confirmation. A cancelled backtest asks nothing.
   */
  const askPublish = async (): Promise<void> => {
    if (doc === undefined || busy) return;
    setPublishError(null);
    const blocker = publishBlocker(doc) ?? (jsonText === null && form && missingRationale(form.rationale).size > 0 ? t('rules.editor.fillRationale') : null);
    if (blocker) {
      setShowRequired(true);
      setPublishError(blocker);
      requestAnimationFrame(() => document.querySelector('[data-testid=rule-rationale]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
      return;
    }
    if (!backtest) {
      if ((await runBacktest()) === 'cancelled') return;
    }
    setConfirming(true);
    requestAnimationFrame(() => document.querySelector('[data-testid=publish-confirm]')?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
  };

  const publish = async (): Promise<void> => {
    if (doc === undefined || busy) return;
    setBusy('publish');
    setPublishError(null);
    try {
      const summary = await client.call('publishRule', { rule: doc });
      upsertRule(summary);
      setConfirming(false);
      closeEditor();
      setDrawerTab('rules');
    } catch (e) {
      setPublishError(formErrorText(e));
    } finally {
      setBusy(null);
    }
  };

  const enterJson = (): void => {
    setJsonText(ruleJsonText(doc));
    setJsonNote(null);
  };
  const leaveJson = (): void => {
    if (validation.state !== 'ok') {
      setJsonNote(t('rules.editor.fixJsonFirst'));
      return;
    }
    const res = fromRule(validation.rule, registry, timeZone);
    if (!res.ok) {
      setJsonNote(res.reason);
      return;
    }
    set(() => res.form);
    setJsonText(null);
    setJsonNote(null);
  };

  const kindSensors = [...catalogue.values()].filter((s) => s.kind === form.kind);

  return (
    <aside className="rule-editor" data-testid="rule-editor" aria-label={t('rules.editor.label')}>
      <header className="editor-head">
        <div>
          <h2>{editor.editingId ? t('rules.editor.editRule') : t('rules.editor.newRule')}</h2>
          <div className="muted small">{editor.editingId ? <code>{editor.editingId}</code> : t('rules.editor.intro')}</div>
        </div>
        <button type="button" className="close" onClick={closeEditor} aria-label={t('rules.editor.close')}>
          ×
        </button>
      </header>
      {!supervisor && <p className="warn small">{t('rules.editor.locked')}</p>}
      <p className="rule-sentence" data-testid="rule-sentence">
        {jsonText === null ? describeRule(form, registry, district?.name, t) : t('rules.editor.editingJson')}
      </p>
      <div className="mode-switch" role="group" aria-label={t('rules.editor.editAs')}>
        <button type="button" className={jsonText === null ? 'active' : undefined} onClick={() => jsonText !== null && leaveJson()}>
          {t('rules.editor.form')}
        </button>
        <button type="button" className={jsonText !== null ? 'active' : undefined} data-testid="rule-json-mode" onClick={() => jsonText === null && enterJson()}>
          {t('rules.editor.editJson')}
        </button>
      </div>
      {jsonNote && <p className="warn small">{jsonNote}</p>}

      {jsonText !== null ? (
        <section className="step">
          <textarea
            className="json-edit"
            data-testid="rule-json"
            spellCheck={false}
            value={jsonText}
            onChange={(e) => setJsonText(e.target.value)}
            rows={24}
          />
          {parsedJson && !parsedJson.ok && (
            <div className="field-error" role="alert">
              {t('rules.editor.notJson', { error: parsedJson.error })}
            </div>
          )}
        </section>
      ) : (
        <>
          <Step n={1} title={t('rules.editor.step1')}>
            <Field label={t('rules.editor.name')} error={err('name')}>
              <input data-testid="rule-name" value={form.name} maxLength={120} placeholder={t('rules.editor.namePlaceholder')} onChange={(e) => set((f) => withName(f, e.target.value))} />
            </Field>
            <Field label={t('rules.editor.id')} hint={t('rules.editor.idHint')} error={err('id')}>
              <input
                data-testid="rule-id"
                value={form.id}
                disabled={editor.editingId !== null}
                maxLength={64}
                onChange={(e) => set((f) => ({ ...f, id: e.target.value, autoId: false }))}
              />
            </Field>
            <Field label={t('rules.editor.description')} error={err('description')}>
              <textarea rows={2} value={form.description} maxLength={2000} onChange={(e) => set((f) => ({ ...f, description: e.target.value }))} />
            </Field>
            <Field label={t('rules.editor.kind')} hint={t('rules.editor.kindHint')} error={err('kind')}>
              <select data-testid="rule-kind" value={form.kind} onChange={(e) => set((f) => withKind(f, e.target.value, registry, catalogue))}>
                {typeOptions(registry, catalogue, form.kind).map((k) => (
                  <option key={k.kind} value={k.kind}>
                    {k.label} ({k.sensors === 0 ? t('rules.editor.noneInFeed') : t('rules.editor.inFeed', { count: k.sensors })})
                  </option>
                ))}
              </select>
              <TypeNote registry={registry} kind={form.kind} />
            </Field>
          </Step>

          <Step n={2} title={t('rules.editor.step2')}>
            {form.conditions.length > 1 && (
              <Field label={t('rules.editor.combine')} error={err('combine')}>
                <select data-testid="rule-combine" value={form.combine} onChange={(e) => set((f) => ({ ...f, combine: e.target.value as 'all' | 'any' }))}>
                  <option value="all">{t('rules.editor.combineAll')}</option>
                  <option value="any">{t('rules.editor.combineAny')}</option>
                </select>
              </Field>
            )}
            {form.conditions.map((c, i) => (
              <ConditionFields
                key={i}
                index={i}
                c={c}
                kind={form.kind}
                registry={registry}
                count={form.conditions.length}
                err={err}
                onChange={(patch) => setCond(i, patch)}
                onRemove={() => set((f) => ({ ...f, conditions: f.conditions.filter((_, j) => j !== i) }))}
              />
            ))}
            <button type="button" className="btn" data-testid="rule-add-condition" onClick={() => set((f) => ({ ...f, conditions: [...f.conditions, newCondition(registry, f.kind)] }))} disabled={form.conditions.length >= 20}>
              {t('rules.editor.addCondition')}
            </button>
          </Step>

          <Step n={3} title={t('rules.editor.step3')}>
            <Field label={t('rules.editor.scope')} error={err('scope')}>
              <select
                data-testid="rule-scope"
                value={form.scope}
                onChange={(e) => {
                  const scope = e.target.value as RuleForm['scope'];
                  set((f) => ({ ...f, scope }));
                  setMapMode(scope === 'sensors' ? 'pick' : 'normal');
                }}
              >
                {SCOPE_OPTIONS.map((o) => (
                  <option key={o.scope} value={o.scope}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
            {form.scope === 'sensors' && (
              <SensorPicker
                sensors={kindSensors}
                picked={form.sensorIds}
                picking={mapMode === 'pick'}
                onPicking={(on) => setMapMode(on ? 'pick' : 'normal')}
                onToggle={(id) => set((f) => toggleSensor(f, id))}
              />
            )}
            {form.scope === 'district' && (
              <Field label={t('rules.editor.district')} hint={t('rules.editor.districtHint')}>
                <select data-testid="rule-district" value={district?.id ?? form.district} onChange={(e) => set((f) => ({ ...f, district: findZone(zones, e.target.value)?.name ?? e.target.value }))}>
                  <option value="">{t('rules.editor.chooseDistrict')}</option>
                  {zones.map((z) => (
                    <option key={z.id} value={z.id}>
                      {z.name} ({z.id})
                    </option>
                  ))}
                </select>
              </Field>
            )}
            {form.scope === 'polygon' && (
              <div className="draw-box">
                {mapMode === 'draw' && drawTarget === 'scope' ? (
                  <>
                    <p className="small">
                      {t('rules.editor.drawHelp', { count: drawPoints.length })}
                    </p>
                    <button type="button" className="btn primary" disabled={drawPoints.length < 3} onClick={() => finishDraw()}>
                      {t('rules.editor.closeArea')}
                    </button>
                    <button type="button" className="btn" onClick={() => setMapMode('normal')}>
                      {t('rules.editor.cancelDrawing')}
                    </button>
                  </>
                ) : (
                  <>
                    <p className="small">{form.polygon.length >= 3 ? t('rules.editor.areaDrawn', { count: form.polygon.length }) : t('rules.editor.noArea')}</p>
                    <button type="button" className="btn primary" data-testid="rule-draw" onClick={() => setMapMode('draw')}>
                      {form.polygon.length >= 3 ? t('rules.editor.redraw') : t('rules.editor.draw')}
                    </button>
                  </>
                )}
              </div>
            )}
            {form.filter && (
              <div className="filter-note small">
                {t('rules.editor.onlySensorsWith')}{' '}
                {Object.entries(form.filter)
                  .map(([k, v]) => `${k} = ${v.join(` ${t('rules.editor.or')} `)}`)
                  .join(', ')}
                .{' '}
                <button type="button" className="link" onClick={() => set((f) => ({ ...f, filter: null }))}>
                  {t('rules.editor.removeFilter')}
                </button>
                {err('filter')}
              </div>
            )}
          </Step>

          <Step n={4} title={t('rules.editor.step4')}>
            <GroupingFields
              group={form.group}
              subject={subjectOf(form)}
              attributes={attributeOptions(catalogue, form.kind)}
              districts={zones.length}
              drawing={mapMode === 'draw' && drawTarget === 'group-area'}
              drawPoints={drawPoints.length}
              err={err}
              onChange={(group) => set((f) => ({ ...f, group }))}
              onDraw={() => setMapMode('draw', 'group-area')}
              onFinishDraw={() => finishDraw()}
              onCancelDraw={() => setMapMode('normal')}
            />
          </Step>

          <Step n={5} title={t('rules.editor.step5')}>
            <QualityFields registry={registry} kind={form.kind} quality={form.quality} err={err} onChoose={(flag, choice) => set((f) => withQuality(f, flag, choice))} />
          </Step>

          <Step n={6} title={t('rules.editor.step6')} testId="rule-step-rationale">
            <Field label={t('rules.editor.severity')} error={err('severity')}>
              <select data-testid="rule-severity" value={form.severity} onChange={(e) => set((f) => ({ ...f, severity: e.target.value as RuleForm['severity'] }))}>
                {SEVERITY_OPTIONS.map((o) => (
                  <option key={o.severity} value={o.severity}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
            <RationaleFields
              rationale={form.rationale}
              severity={form.severity}
              err={err}
              showRequired={showRequired}
              onChange={(patch) => set((f) => ({ ...f, rationale: { ...f.rationale, ...patch } }))}
            />
          </Step>

          <Step n={7} title={t('rules.editor.step7')}>
            <DelayFields client={client} form={form} doc={doc} ruleValid={validation.state === 'ok'} unitHint={unitHint(form, registry)} err={err} set={set} />
          </Step>

          <Step n={8} title={t('rules.editor.step8')}>
            <label className="check">
              <input type="checkbox" data-testid="rule-active-hours" checked={form.activeHours.enabled} onChange={(e) => set((f) => ({ ...f, activeHours: { ...f.activeHours, enabled: e.target.checked } }))} />
              {t('rules.editor.activeHours')}
            </label>
            {form.activeHours.enabled && (
              <div className="sub">
                <div className="row2">
                  <Field label={t('rules.editor.from')}>
                    <input type="time" value={form.activeHours.from} onChange={(e) => set((f) => ({ ...f, activeHours: { ...f.activeHours, from: e.target.value } }))} />
                  </Field>
                  <Field label={t('rules.editor.to')}>
                    <input type="time" value={form.activeHours.to} onChange={(e) => set((f) => ({ ...f, activeHours: { ...f.activeHours, to: e.target.value } }))} />
                  </Field>
                </div>
                <div className="days" role="group" aria-label={t('rules.editor.days')}>
                  {dayLabels(t).map((d, i) => {
                    const day = i + 1;
                    const on = form.activeHours.days.includes(day);
                    return (
                      <button
                        key={d}
                        type="button"
                        className={on ? 'chip on' : 'chip'}
                        aria-pressed={on}
                        onClick={() => set((f) => ({ ...f, activeHours: { ...f.activeHours, days: on ? f.activeHours.days.filter((x) => x !== day) : [...f.activeHours.days, day] } }))}
                      >
                        {d}
                      </button>
                    );
                  })}
                </div>
                <div className="muted small">{t('rules.editor.timeZone', { zone: form.activeHours.timeZone })}</div>
                {err('activeHours')}
              </div>
            )}
            <label className="check">
              <input type="checkbox" data-testid="rule-escalation" checked={form.escalation.enabled} onChange={(e) => set((f) => ({ ...f, escalation: { ...f.escalation, enabled: e.target.checked } }))} />
              {t('rules.editor.escalate')}
            </label>
            {form.escalation.enabled && (
              <div className="sub row2">
                <Field label={t('rules.editor.afterMin')}>
                  <input inputMode="numeric" value={form.escalation.afterMinutes} onChange={(e) => set((f) => ({ ...f, escalation: { ...f.escalation, afterMinutes: e.target.value } }))} />
                </Field>
                <Field label={t('rules.editor.raiseTo')}>
                  <select value={form.escalation.to} onChange={(e) => set((f) => ({ ...f, escalation: { ...f.escalation, to: e.target.value as 'warning' | 'critical' } }))}>
                    <option value="critical">{severityLabel('critical', t)}</option>
                    <option value="warning">{severityLabel('warning', t)}</option>
                  </select>
                </Field>
                {err('escalation')}
              </div>
            )}
            <label className="check">
              <input type="checkbox" checked={form.enabled} onChange={(e) => set((f) => ({ ...f, enabled: e.target.checked }))} />
              {t('rules.editor.enabledWhenPublished')}
            </label>
          </Step>

          <section className="step">
            <button type="button" className="link" onClick={() => setShowJson((v) => !v)} aria-expanded={showJson}>
              {showJson ? '▾' : '▸'} {t('rules.editor.jsonReadOnly')}
            </button>
            {showJson && (
              <pre className="json" data-testid="rule-json-view">
                {ruleJsonText(doc)}
              </pre>
            )}
          </section>
        </>
      )}

      <div className={`validation v-${validation.state}`} data-testid="rule-validation" data-state={validation.state} aria-live="polite">
        {validation.state === 'pending' && t('rules.editor.checking')}
        {validation.state === 'ok' && t('rules.editor.valid')}
        {validation.state === 'unavailable' && t('rules.editor.cannotCheck', { error: validation.error })}
        {validation.state === 'invalid' && (
          <>
            {t('rules.editor.problems', { count: errors.length })}
            {fe.other.length > 0 && (
              <ul>
                {fe.other.map((e, i) => (
                  <li key={i}>{e}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>

      {validation.state === 'ok' && jsonText === null && missingRationale(form.rationale).size > 0 && (
        <p className="muted small" data-testid="rule-rationale-note">
          {t('rules.editor.rationaleNote')}
        </p>
      )}
      <div className="editor-actions">
        <button type="button" className="btn" data-testid="rule-backtest" disabled={doc === undefined || busy !== null} onClick={() => void runBacktest()}>
          {busy === 'backtest' ? t('rules.editor.backtesting') : t('rules.editor.backtest')}
        </button>
        <button type="button" className="btn primary" data-testid="rule-publish" disabled={!supervisor || validation.state !== 'ok' || busy !== null || confirming} onClick={() => void askPublish()}>
          {busy === 'publish' ? t('rules.editor.publishing') : editor.editingId ? t('rules.editor.publishNew') : t('rules.editor.publish')}
        </button>
        <button type="button" className="btn" onClick={closeEditor}>
          {t('common.cancel')}
        </button>
      </div>
      {confirming && <PublishConfirm backtest={backtest} backtestError={backtestError} busy={busy === 'publish'} onPublish={() => void publish()} onCancel={() => setConfirming(false)} />}
      {publishError && (
        <p className="error small" role="alert" data-testid="publish-error">
          {publishError}
        </p>
      )}
      {running && <RunProgress progress={running} className="backtest-progress" label={t('rules.editor.backtestProgress')} testId="backtest-progress" cancelTestId="backtest-cancel" cancelText={t('rules.editor.cancelBacktest')} onCancel={cancelBacktest} />}
      {backtestError && (
        <p className={backtestError === t('rules.editor.backtestCancelled') ? 'muted small' : 'error small'} role="alert" data-testid="backtest-error">
          {backtestError}
        </p>
      )}
      {backtest && <BacktestView result={backtest} />}
    </aside>
  );
}

function unitHint(form: RuleForm, registry: SensorTypeRegistry): string {
  const t = tr;
  const c = form.conditions[0];
  const unit = c ? metricOption(registry, form.kind, c.metric)?.unit : undefined;
  return unit ? ` (${unit === '%' ? t('rules.editor.percentagePoints') : unit})` : '';
}

/** What the type's numbers are (measured / modelled / simulated), so that a threshold is set knowingly. */
function TypeNote({ registry, kind }: { registry: SensorTypeRegistry; kind: string }) {
  const { t } = useT();
  const type = registry.get(kind);
  if (!type) return <span className="field-error small">{t('rules.editor.unknownType', { kind })}</span>;
  return (
    <span className="muted small" data-testid="rule-kind-note">
      {PROVENANCE_TEXT[type.provenance]}
      {type.provenanceNote ? ` — ${type.provenanceNote}` : ''}
    </span>
  );
}

function ConditionFields({
  index,
  c,
  kind,
  registry,
  count,
  err,
  onChange,
  onRemove,
}: {
  index: number;
  c: ConditionForm;
  kind: RuleForm['kind'];
  registry: SensorTypeRegistry;
  count: number;
  err: (key: string) => ReactNode;
  onChange: (patch: Partial<ConditionForm>) => void;
  onRemove: () => void;
}) {
  const { t } = useT();
  const tid = (name: string): string => (index === 0 ? name : `${name}-${index}`);
  const k = `c${index}`;
  const leaf: InnerType | 'noData' = c.type === 'sustained' ? c.inner : c.type;
  const options = metricOptions(registry, kind);
  const unit = options.find((m) => m.metric === c.metric)?.unit;
  const ownMinutes = leaf === 'window' || leaf === 'rate' || leaf === 'noData';
  return (
    <div className="condition" data-testid={tid('rule-condition')}>
      {count > 1 && (
        <div className="condition-head">
          <b>{t('rules.editor.condition', { n: index + 1 })}</b>
          <button type="button" className="link" onClick={onRemove}>
            {t('rules.editor.remove')}
          </button>
        </div>
      )}
      <Field label={t('rules.editor.type')} error={err(`${k}.type`)}>
        <select data-testid={tid('rule-condition-type')} value={c.type} onChange={(e) => onChange({ type: e.target.value as ConditionFormType })}>
          {CONDITION_TYPES.map((o) => (
            <option key={o.type} value={o.type}>
              {o.label}
            </option>
          ))}
        </select>
        <span className="muted small">{CONDITION_TYPES.find((o) => o.type === c.type)?.help}</span>
      </Field>
      {c.type === 'sustained' && (
        <Field label={t('rules.editor.heldOn')} hint={t('rules.editor.heldOnHint')}>
          <select data-testid={tid('rule-inner-type')} value={c.inner} onChange={(e) => onChange({ inner: e.target.value as InnerType })}>
            {INNER_TYPES.map((o) => (
              <option key={o.type} value={o.type}>
                {o.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      {leaf !== 'noData' && (
        <>
          {(leaf === 'window' || leaf === 'area') && (
            <Field label={t('rules.editor.aggregate')} error={err(`${k}.agg`)}>
              <select data-testid={tid('rule-agg')} value={c.agg} onChange={(e) => onChange({ agg: e.target.value as ConditionForm['agg'] })}>
                {AGG_OPTIONS.map((a) => (
                  <option key={a.agg} value={a.agg}>
                    {a.label}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <Field label={t('rules.editor.measure')} error={err(`${k}.metric`)}>
            <select data-testid={tid('rule-metric')} value={c.metric} onChange={(e) => onChange({ metric: e.target.value })}>
              {options.map((m) => (
                <option key={m.metric} value={m.metric}>
                  {m.label}
                  {m.unit ? ` (${m.unit})` : ''}
                  {m.derived ? ` · ${t('rules.editor.derived')}` : ''}
                </option>
              ))}
              {!options.some((m) => m.metric === c.metric) && <option value={c.metric}>{t('rules.editor.notAMetric', { metric: c.metric })}</option>}
            </select>
          </Field>
          <div className="row3">
            <Field label={leaf === 'rate' ? t('rules.editor.change') : t('rules.editor.comparison')} error={err(`${k}.op`)}>
              <select data-testid={tid('rule-op')} value={c.op} onChange={(e) => onChange({ op: e.target.value as ConditionForm['op'] })}>
                {OPS.map((o) => (
                  <option key={o.op} value={o.op}>
                    {o.label}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={isPairOp(c.op) ? t('rules.editor.low') : t('rules.editor.value')} error={err(`${k}.value`)}>
              <span className="with-unit">
                <input data-testid={tid('rule-value')} inputMode="decimal" value={c.value} onChange={(e) => onChange({ value: e.target.value })} />
                {unit && <span className="unit" data-testid={tid('rule-value-unit')}>{unit}</span>}
              </span>
            </Field>
            {isPairOp(c.op) && (
              <Field label={t('rules.editor.high')} error={err(`${k}.value2`)}>
                <span className="with-unit">
                  <input data-testid={tid('rule-value2')} inputMode="decimal" value={c.value2} onChange={(e) => onChange({ value2: e.target.value })} />
                  {unit && <span className="unit">{unit}</span>}
                </span>
              </Field>
            )}
          </div>
        </>
      )}
      <div className="row2">
        {c.type === 'sustained' && (
          <Field label={t('rules.editor.onDelayMin')} hint={t('rules.editor.onDelayHint')} error={err(`${k}.hold`)}>
            <input data-testid={tid('rule-minutes')} inputMode="numeric" value={c.holdMinutes} onChange={(e) => onChange({ holdMinutes: e.target.value })} />
            <button type="button" className="link small" data-testid={tid('rule-on-delay-remove')} onClick={() => onChange(withOnDelay(c, null))}>
              {t('rules.editor.noOnDelay')}
            </button>
          </Field>
        )}
        {c.type !== 'sustained' && c.type !== 'noData' && (
          <div className="field">
            <span className="field-label">{t('rules.editor.onDelay')}</span>
            <button type="button" className="link small" data-testid={tid('rule-on-delay-add')} onClick={() => onChange(withOnDelay(c, c.holdMinutes || '15'))}>
              {t('rules.editor.addOnDelay')}
            </button>
          </div>
        )}
        {ownMinutes && (
          <Field label={leaf === 'noData' ? t('rules.editor.silentFor') : leaf === 'rate' ? t('rules.editor.within') : t('rules.editor.window')} error={err(`${k}.minutes`)}>
            <input
              data-testid={tid(c.type === 'sustained' ? 'rule-window-minutes' : 'rule-minutes')}
              inputMode="numeric"
              value={c.minutes}
              onChange={(e) => onChange({ minutes: e.target.value })}
            />
          </Field>
        )}
        {leaf === 'area' && (
          <Field label={t('rules.editor.ignoreSilent')} hint={t('rules.editor.default60')} error={err(`${k}.maxAgeMinutes`)}>
            <input inputMode="numeric" value={c.maxAgeMinutes} placeholder="60" onChange={(e) => onChange({ maxAgeMinutes: e.target.value })} />
          </Field>
        )}
      </div>
    </div>
  );
}

function SensorPicker({
  sensors,
  picked,
  picking,
  onPicking,
  onToggle,
}: {
  sensors: Sensor[];
  picked: readonly string[];
  picking: boolean;
  onPicking: (on: boolean) => void;
  onToggle: (id: string) => void;
}) {
  const { t } = useT();
  const [q, setQ] = useState('');
  const words = q.trim().toLowerCase();
  const shown = sensors
    .filter((s) => !words || `${s.name} ${s.id}`.toLowerCase().includes(words))
    .sort((a, b) => Number(picked.includes(b.id)) - Number(picked.includes(a.id)) || a.name.localeCompare(b.name))
    .slice(0, 150);
  return (
    <div className="sensor-picker" data-testid="rule-sensor-picker">
      <div className="picker-head">
        <span className="small">{t('rules.editor.chosen', { count: picked.length })}</span>
        <label className="check small">
          <input type="checkbox" data-testid="rule-pick-on-map" checked={picking} onChange={(e) => onPicking(e.target.checked)} />
          {t('rules.editor.pickOnMap')}
        </label>
      </div>
      <input type="search" className="search" placeholder={t('rules.editor.findSensor')} value={q} onChange={(e) => setQ(e.target.value)} />
      <ul className="picker-list">
        {shown.map((s) => (
          <li key={s.id}>
            <label className="check small">
              <input type="checkbox" checked={picked.includes(s.id)} onChange={() => onToggle(s.id)} data-testid="rule-sensor-option" data-sensor-id={s.id} />
              {s.name || s.id} <code>{s.id}</code>
            </label>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** Map marks: one per subject that would have fired, at the sensor (or the zone's centre). */
type SubjectContext = Parameters<typeof subjectTarget>[1];

export function backtestMarks(
  res: BacktestResult,
  ctx: SubjectContext,
  form: Pick<RuleForm, 'id' | 'polygon'>,
): BacktestMark[] {
  const bySubject = new Map<string, BacktestMark>();
  for (const e of res.events) {
    if (e.type === 'clear') continue;
    const prev = bySubject.get(e.subject);
    if (prev) {
      if (e.type === 'raise') prev.count++;
      if (e.type === 'escalate') prev.severity = e.severity;
      continue;
    }
    let position = null;
    const target = subjectTarget(e.subject, ctx);
    if (target) position = target.sensors.length === 1 ? target.sensors[0]!.position : targetCenter(target);
    else if (e.subject === `zone:${form.id}` && form.polygon.length >= 3) {
      const b = boundsOf(form.polygon);
      position = b ? ([(b[0][0] + b[1][0]) / 2, (b[0][1] + b[1][1]) / 2] as [number, number]) : null;
    }
    if (!position) continue;
    bySubject.set(e.subject, { position, type: e.type, severity: e.severity, subjectName: e.subjectName, count: e.type === 'raise' ? 1 : 0 });
  }
  return [...bySubject.values()];
}

/** A backtest event's word style: a clear is muted, a raise or escalation in its severity's colour. */
function eventClass(e: BacktestResult['events'][number]): string {
  return e.type === 'clear' ? 'muted' : `sev-text sev-${e.severity}`;
}

function BacktestView({ result }: { result: BacktestResult }) {
  const tz = useTimeZone();
  const { t, locale } = useT();
  const eventWord = (type: string): string => (type === 'clear' || type === 'raise' || type === 'escalate' ? t(`rules.backtest.event.${type}`) : type);
  const span = Math.max(1, result.to - result.from);
  const events = result.events.slice(0, MAX_EVENTS);
  const subjects = new Set(result.events.filter((e) => e.type === 'raise').map((e) => e.subject)).size;
  return (
    <section className="backtest" data-testid="backtest" data-from={result.from} data-to={result.to}>
      <p className="backtest-summary" data-testid="backtest-summary" data-fired={result.fired}>
        {t('rules.backtest.over', { range: formatFeedRange(result.from, result.to, tz), count: result.readings, readings: result.readings.toLocaleString(locale) })}{' '}
        {t('rules.backtest.wouldHave')} <b>{result.fired}</b> {t('rules.backtest.times', { count: result.fired })}
        {result.fired > 0 && ` ${t('rules.backtest.atPlaces', { count: subjects })}`}.
      </p>
      {result.note && <p className="muted small">{result.note}</p>}
      <LoadSummary load={result.load} />
      <svg className="time-strip" data-testid="backtest-strip" viewBox="0 0 1000 36" preserveAspectRatio="none" role="img" aria-label={t('rules.backtest.stripLabel')}>
        <rect x="0" y="8" width="1000" height="20" className="strip-bg" />
        {result.events.map((e, i) => {
          const x = ((e.at - result.from) / span) * 1000;
          return (
            <line
              key={i}
              x1={x}
              x2={x}
              y1={e.type === 'clear' ? 18 : 4}
              y2={e.type === 'clear' ? 28 : 32}
              className={e.type === 'clear' ? 'mark-clear' : `mark-${e.severity}`}
              strokeWidth={e.type === 'clear' ? 1 : 2}
            >
              <title>{`${formatFeedTime(e.at, tz)} ${eventWord(e.type)}: ${e.subjectName}`}</title>
            </line>
          );
        })}
      </svg>
      <div className="strip-axis muted small">
        <span>{formatFeedShort(result.from, tz)}</span>
        <span>{t('rules.backtest.legend')}</span>
        <span>{formatFeedShort(result.to, tz)}</span>
      </div>
      {events.length > 0 && (
        <table className="backtest-events" data-testid="backtest-events">
          <tbody>
            {events.map((e, i) => (
              <tr key={i} className={`bt-${e.type}`}>
                <td className="mono">{formatFeedShort(e.at, tz)}</td>
                <td>
                  <span className={eventClass(e)}>{e.type === 'raise' ? severityLabel(e.severity, t) : eventWord(e.type)}</span>
                </td>
                <td>{e.subjectName}</td>
                <td className="muted small">{e.value !== undefined ? e.value.toFixed(1) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {result.events.length > MAX_EVENTS && <p className="muted small">{t('rules.backtest.more', { count: result.events.length - MAX_EVENTS })}</p>}
    </section>
  );
}
