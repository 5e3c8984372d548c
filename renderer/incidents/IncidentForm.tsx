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

export function IncidentForm({ client, initial, onDone }: { client: EngineClient; initial: IncidentFormState; onDone: (saved: Incident | null) => void }) {
  const tz = useTimeZone();
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
        <b>{f.id ? 'Edit bookmark' : 'New incident bookmark'}</b>
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => onDone(null)}>
          Cancel
        </button>
        <button type="submit" className="btn primary" disabled={saving} data-testid="incident-save">
          {saving ? 'Saving…' : 'Save'}
        </button>
      </div>
      <div className="incident-form-body">
        {err('form')}
        <label className="incident-field">
          <span>Name</span>
          <input value={f.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} placeholder="Bruuns Galleri overflow" data-testid="incident-name" />
          {err('name')}
        </label>
        <div className="incident-field">
          <span>Window ({zoneLabel})</span>
          <span className="incident-window">
            <input type="datetime-local" value={f.fromInput} onChange={(e) => set({ fromInput: e.target.value })} aria-label="From" data-testid="incident-from" />
            –
            <input type="datetime-local" value={f.toInput} onChange={(e) => set({ toInput: e.target.value })} aria-label="To" data-testid="incident-to" />
            {replayAt !== null && (
              <button type="button" className="btn small" onClick={() => set({ fromInput: toZonedInput(replayAt, tz) })} title="Start at the replayed instant">
                From the replay instant
              </button>
            )}
          </span>
          {err('from')}
          {err('to')}
        </div>
        <div className="incident-field">
          <span>Area</span>
          <span className="incident-area">
            <select
              value={f.area.kind === 'district' ? f.area.name : f.area.kind === 'drawn' ? '\u0000drawn' : ''}
              onChange={(e) => {
                const area: FormArea = e.target.value === '' ? { kind: 'none' } : e.target.value === '\u0000drawn' ? f.area : { kind: 'district', name: e.target.value };
                set({ area });
                focusArea(formAreaShown(area, zones));
              }}
              data-testid="incident-district"
              aria-label="District"
            >
              <option value="">The whole city (no area)</option>
              {f.area.kind === 'drawn' && <option value={'\u0000drawn'}>Drawn on the map ({f.area.polygon.length} corners)</option>}
              {zones.map((z) => (
                <option key={z.id} value={z.name}>
                  {z.name}
                </option>
              ))}
            </select>
            {drawing ? (
              <>
                <span className="muted small">
                  Click on the map to add corners ({drawPoints} so far); <b>double-click</b> to close the area.
                </span>
                <button type="button" className="btn primary small" disabled={drawPoints < 3} onClick={() => appStore.getState().finishDraw()}>
                  Finish
                </button>
                <button type="button" className="btn small" onClick={() => appStore.getState().setMapMode('normal')}>
                  Stop drawing
                </button>
              </>
            ) : (
              <button type="button" className="btn small" onClick={() => appStore.getState().setMapMode('draw', 'incident-area')} data-testid="incident-draw">
                Draw on map
              </button>
            )}
          </span>
          {err('area')}
        </div>
        <label className="incident-field">
          <span>Notes</span>
          <textarea value={f.notes} maxLength={20_000} rows={3} onChange={(e) => set({ notes: e.target.value })} data-testid="incident-notes" />
          {err('notes')}
        </label>
        <div className="incident-field">
          <span>Linked alarms</span>
          <LinkAlarms client={client} ids={f.alarmIds} onChange={(alarmIds) => set({ alarmIds })} />
          {err('alarms')}
        </div>
        <div className="incident-field">
          <span>Map snapshots at</span>
          <span className="incident-instants">
            {f.instantInputs.length === 0 && <span className="muted small">the start, the first linked alarm and the end (default)</span>}
            {f.instantInputs.map((v, i) => (
              <span key={i} className="incident-instant">
                <input type="datetime-local" value={v} aria-label={`Snapshot ${i + 1}`} onChange={(e) => set({ instantInputs: f.instantInputs.map((x, j) => (j === i ? e.target.value : x)) })} />
                <button type="button" className="btn small" aria-label="Remove this instant" onClick={() => set({ instantInputs: f.instantInputs.filter((_, j) => j !== i) })}>
                  ✕
                </button>
              </span>
            ))}
            {f.instantInputs.length < 12 && (
              <button type="button" className="btn small" onClick={() => set({ instantInputs: [...f.instantInputs, replayAt !== null ? toZonedInput(replayAt, tz) : f.fromInput] })}>
                {replayAt !== null ? 'Add the replay instant' : 'Add an instant'}
              </button>
            )}
          </span>
          {err('instants')}
        </div>
      </div>
    </form>
  );
}
