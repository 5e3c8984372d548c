/**
 * Creating or editing an incident bookmark: name, window (date-times in the city's zone), area (a district, or drawn
 * on the map with the map's draw mode), notes, linked alarms (./LinkAlarms.tsx) and the instants for the pack's map
 * snapshots. Saving sends it to the engine, which checks it again; its refusals are shown on their fields.
 */
import { useEffect, useMemo, useState } from 'react';
import type { EngineClient, Incident } from '../../electron/engine/api';
import { toZonedInput } from '../kpi/period';
import { zoneName } from '../panels/format';
import { RpcError, errorText } from '../platform/rpc-client';
import { appStore, useAppStore, useTimeZone } from '../store';
import { formAreaShown, formParams, issuesByField, type FormArea, type FormField, type IncidentFormState } from './incidentForm';
import { focusArea } from './mapActions';
import { LinkAlarms } from './LinkAlarms';
import { useT } from '../i18n/i18n';
import { ZonedTimeInput } from '../time/ZonedTimeInput';

export function IncidentForm({ client, initial, onDone }: { client: EngineClient; initial: IncidentFormState; onDone: (saved: Incident | null) => void }) {
  const tz = useTimeZone();
  const { t } = useT();
  const zones = useAppStore((s) => s.zones);
  const drawing = useAppStore((s) => s.mapMode === 'draw' && s.drawTarget === 'incident-area');
  const drawPoints = useAppStore((s) => s.drawPoints.length);
  const drawn = useAppStore((s) => s.drawnIncidentArea);
  const replayAt = useAppStore((s) => s.replay?.at ?? null);
  const [f, setF] = useState<IncidentFormState>(initial);
  const [errors, setErrors] = useState<Partial<Record<FormField, string>>>({});
  const [saving, setSaving] = useState(false);

  // A polygon finished on the map becomes the form's area.
  useEffect(() => {
    if (!drawn) return;
    setF((x) => ({ ...x, area: { kind: 'drawn', polygon: drawn } }));
    appStore.getState().setDrawnIncidentArea(null);
  }, [drawn]);
  // The map shows the form's area while it is open; drawing stops when the form closes.
  useEffect(() => appStore.getState().setShownIncidentArea(formAreaShown(f.area, zones)), [f.area, zones]);
  useEffect(
    () => () => {
      const s = appStore.getState();
      if (s.mapMode === 'draw' && s.drawTarget === 'incident-area') s.setMapMode('normal');
    },
    [],
  );

  const zoneLabel = useMemo(() => zoneName(replayAt ?? Date.now(), tz), [replayAt, tz]);
  const set = (patch: Partial<IncidentFormState>) => setF((x) => ({ ...x, ...patch }));

  const save = async (): Promise<void> => {
    const checked = formParams(f, tz);
    if (!checked.ok) return setErrors(checked.errors);
    setSaving(true);
    try {
      const saved = await client.call('saveIncident', checked.params);
      onDone(saved);
    } catch (e) {
      setErrors(e instanceof RpcError && e.code === 'invalid-params' && e.issues.length > 0 ? issuesByField(e.issues) : { form: errorText(e) });
    } finally {
      setSaving(false);
    }
  };

  const err = (field: FormField) =>
    errors[field] ? (
      <span className="error small" data-testid={`incident-error-${field}`}>
        {errors[field]}
      </span>
    ) : null;

  return (
    <form
      className="incident-form"
      data-testid="incident-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="toolbar">
        <b>{f.id ? t('incidents.form.editTitle') : t('incidents.form.newTitle')}</b>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => onDone(null)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="btn primary" disabled={saving} data-testid="incident-save">
          {saving ? t('incidents.form.saving') : t('common.save')}
        </button>
      </div>
      <div className="incident-form-body">
        {err('form')}
        <label className="incident-field">
          <span>{t('incidents.form.name')}</span>
          <input value={f.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} placeholder={t('incidents.form.namePlaceholder')} data-testid="incident-name" />
          {err('name')}
        </label>
        <div className="incident-field">
          <span>{t('incidents.form.window', { zone: zoneLabel })}</span>
          <span className="incident-window">
            <ZonedTimeInput label={t('incidents.form.from')} labelHidden value={f.fromInput} onChange={(v) => set({ fromInput: v })} error={errors.from ?? null} testId="incident-from" />
            –
            <ZonedTimeInput label={t('incidents.form.to')} labelHidden value={f.toInput} onChange={(v) => set({ toInput: v })} error={errors.to ?? null} testId="incident-to" />
            {replayAt !== null && (
              <button type="button" className="btn small" onClick={() => set({ fromInput: toZonedInput(replayAt, tz) })} title={t('incidents.form.startAtReplayTitle')}>
                {t('incidents.form.startAtReplay')}
              </button>
            )}
          </span>
        </div>
        <div className="incident-field">
          <span>{t('incidents.form.area')}</span>
          <span className="incident-area">
            <select
              value={f.area.kind === 'district' ? f.area.name : f.area.kind === 'drawn' ? '\u0000drawn' : ''}
              onChange={(e) => {
                const area: FormArea = e.target.value === '' ? { kind: 'none' } : e.target.value === '\u0000drawn' ? f.area : { kind: 'district', name: e.target.value };
                set({ area });
                focusArea(formAreaShown(area, zones));
              }}
              data-testid="incident-district"
              aria-label={t('incidents.form.district')}
            >
              <option value="">{t('incidents.form.wholeCity')}</option>
              {f.area.kind === 'drawn' && <option value={'\u0000drawn'}>{t('incidents.form.drawn', { n: f.area.polygon.length })}</option>}
              {zones.map((z) => (
                <option key={z.id} value={z.name}>
                  {z.name}
                </option>
              ))}
            </select>
            {drawing ? (
              <>
                <span className="muted small">
                  {t('incidents.form.drawHelp', { n: drawPoints })} <b>{t('incidents.form.doubleClick')}</b> {t('incidents.form.toClose')}
                </span>
                <button type="button" className="btn primary small" disabled={drawPoints < 3} onClick={() => appStore.getState().finishDraw()}>
                  {t('incidents.form.finish')}
                </button>
                <button type="button" className="btn small" onClick={() => appStore.getState().setMapMode('normal')}>
                  {t('incidents.form.stopDrawing')}
                </button>
              </>
            ) : (
              <button type="button" className="btn small" onClick={() => appStore.getState().setMapMode('draw', 'incident-area')} data-testid="incident-draw">
                {t('incidents.form.draw')}
              </button>
            )}
          </span>
          {err('area')}
        </div>
        <label className="incident-field">
          <span>{t('incidents.form.notes')}</span>
          <textarea value={f.notes} maxLength={20_000} rows={3} onChange={(e) => set({ notes: e.target.value })} data-testid="incident-notes" />
          {err('notes')}
        </label>
        <div className="incident-field">
          <span>{t('incidents.form.linkedAlarms')}</span>
          <LinkAlarms client={client} ids={f.alarmIds} onChange={(alarmIds) => set({ alarmIds })} />
          {err('alarms')}
        </div>
        <div className="incident-field">
          <span>{t('incidents.form.snapshotsAt')}</span>
          <span className="incident-instants">
            {f.instantInputs.length === 0 && <span className="muted small">{t('incidents.form.snapshotsDefault')}</span>}
            {f.instantInputs.map((v, i) => (
              <span key={i} className="incident-instant">
                <ZonedTimeInput label={t('incidents.form.snapshot', { n: i + 1 })} labelHidden value={v} onChange={(text) => set({ instantInputs: f.instantInputs.map((x, j) => (j === i ? text : x)) })} testId="incident-instant" />
                <button type="button" className="btn small" aria-label={t('incidents.form.removeInstant')} onClick={() => set({ instantInputs: f.instantInputs.filter((_, j) => j !== i) })}>
                  ✕
                </button>
              </span>
            ))}
            {f.instantInputs.length < 12 && (
              <button type="button" className="btn small" onClick={() => set({ instantInputs: [...f.instantInputs, replayAt !== null ? toZonedInput(replayAt, tz) : f.fromInput] })}>
                {replayAt !== null ? t('incidents.form.addReplayInstant') : t('incidents.form.addInstant')}
              </button>
            )}
          </span>
          {err('instants')}
        </div>
      </div>
    </form>
  );
}
