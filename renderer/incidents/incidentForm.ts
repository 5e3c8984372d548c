/**
 * The bookmark form (renderer/incidents/IncidentForm.tsx) as data: what it starts from (a bookmark, or the replayed
 * instant / the timeline's view / the live clock), the engine's parameters it makes (times typed in the city's zone),
 * and the engine's refusals placed on their fields. Pure.
 */
import type { Incident, IncidentArea, RpcIssue, ZoneInfo } from '../../electron/engine/api';
import type { LngLat } from '../../electron/shared/model';
import { toZonedInput } from '../kpi/period';
import { parseZonedInput, zonedInputError } from '../time/zonedInput';
import { t } from '../i18n/i18n';

export type FormArea = { kind: 'none' } | { kind: 'district'; name: string } | { kind: 'drawn'; polygon: LngLat[] };

export interface IncidentFormState {
  /** The bookmark edited (null: a new one). */
  id: string | null;
  name: string;
  /** Time fields' texts in the city's zone, the one format ("2014-08-04 10:00", renderer/time/zonedInput.ts). */
  fromInput: string;
  toInput: string;
  area: FormArea;
  notes: string;
  alarmIds: string[];
  /** Instants for the pack's map snapshots, as time fields' texts (empty: the engine's default). */
  instantInputs: string[];
}

export type FormField = 'name' | 'from' | 'to' | 'area' | 'notes' | 'alarms' | 'instants' | 'form';

export type SaveIncidentParams = {
  id?: string;
  name: string;
  from: number;
  to: number;
  area: { kind: 'district'; name: string } | { kind: 'drawn'; polygon: LngLat[] } | null;
  notes: string;
  alarmIds: string[];
  instants?: number[];
};

const MINUTE = 60_000;
/** Around a replayed instant, a new bookmark covers this much before and after it. */
export const AROUND_INSTANT_MS = 30 * MINUTE;
/** A timeline view at most this wide is taken as the window (wider ones are an overview, not an incident). */
export const MAX_VIEW_AS_WINDOW_MS = 24 * 60 * MINUTE;

/**
 * The window a new bookmark starts with. In replay: the timeline's view when it shows the instant and is at most a
 * day wide, else half an hour either side of the instant. Live: the last hour of the feed clock.
 */
export function initialWindow(ctx: { replayAt: number | null; view: { from: number; to: number } | null; now: number | null }): { from: number; to: number } | null {
  if (ctx.replayAt !== null) {
    const v = ctx.view;
    // The view may reach past the live edge (the timeline shows a margin there): a bookmark ends at the feed clock at most.
    const to = v && ctx.now !== null ? Math.min(v.to, Math.max(ctx.now, ctx.replayAt)) : v?.to;
    if (v && to !== undefined && v.from <= ctx.replayAt && ctx.replayAt <= to && to - v.from <= MAX_VIEW_AS_WINDOW_MS && v.from < to) return { from: v.from, to };
    return { from: ctx.replayAt - AROUND_INSTANT_MS, to: ctx.replayAt + AROUND_INSTANT_MS };
  }
  return ctx.now === null ? null : { from: ctx.now - 2 * AROUND_INSTANT_MS, to: ctx.now };
}

/** A new bookmark's form. */
export function newForm(window: { from: number; to: number } | null, timeZone: string, alarmIds: readonly string[] = []): IncidentFormState {
  return {
    id: null,
    name: '',
    fromInput: window ? toZonedInput(window.from, timeZone) : '',
    toInput: window ? toZonedInput(window.to, timeZone) : '',
    area: { kind: 'none' },
    notes: '',
    alarmIds: [...alarmIds],
    instantInputs: [],
  };
}

/** The form for editing a bookmark. */
export function formOf(incident: Incident, timeZone: string): IncidentFormState {
  return {
    id: incident.id,
    name: incident.name,
    fromInput: toZonedInput(incident.from, timeZone),
    toInput: toZonedInput(incident.to, timeZone),
    area: incident.area === null ? { kind: 'none' } : incident.area.kind === 'district' ? { kind: 'district', name: incident.area.name } : { kind: 'drawn', polygon: incident.area.polygon },
    notes: incident.notes,
    alarmIds: [...incident.alarmIds],
    instantInputs: incident.instants.map((t) => toZonedInput(t, timeZone)),
  };
}

/** The engine's parameters, or what is wrong, by field (checked here before sending; the engine checks again). */
export function formParams(f: IncidentFormState, timeZone: string): { ok: true; params: SaveIncidentParams } | { ok: false; errors: Partial<Record<FormField, string>> } {
  const errors: Partial<Record<FormField, string>> = {};
  if (!f.name.trim()) errors.name = 'give the incident a name';
  const a = parseZonedInput(f.fromInput, timeZone);
  const b = parseZonedInput(f.toInput, timeZone);
  const from = a.ok ? a.at : null;
  const to = b.ok ? b.at : null;
  if (!a.ok) errors.from = a.problem.kind === 'empty' ? 'enter the start as a date and time' : zonedInputError(a.problem, t);
  if (!b.ok) errors.to = b.problem.kind === 'empty' ? 'enter the end as a date and time' : zonedInputError(b.problem, t);
  else if (from !== null && to !== null && !(from < to)) errors.to = 'the incident must end after it starts';
  if (f.area.kind === 'district' && !f.area.name) errors.area = 'pick a district';
  const instants: number[] = [];
  for (const text of f.instantInputs) {
    const r = parseZonedInput(text, timeZone);
    if (!r.ok) errors.instants = zonedInputError(r.problem, t);
    else instants.push(r.at);
  }
  if (from === null || to === null || Object.keys(errors).length > 0) return { ok: false, errors };
  const area = f.area.kind === 'none' ? null : f.area;
  return {
    ok: true,
    params: {
      ...(f.id !== null ? { id: f.id } : {}),
      name: f.name.trim(),
      from,
      to,
      area,
      notes: f.notes,
      alarmIds: [...f.alarmIds],
      ...(instants.length > 0 ? { instants } : {}),
    },
  };
}

/** The engine's refusal (issues with paths: `area.name`, `alarmIds.1`, …) placed on the form's fields. */
export function issuesByField(issues: readonly RpcIssue[]): Partial<Record<FormField, string>> {
  const out: Partial<Record<FormField, string>> = {};
  for (const i of issues) {
    const head = i.path.split('.')[0] ?? '';
    const field: FormField = head === 'alarmIds' ? 'alarms' : head === 'area' ? 'area' : (['name', 'from', 'to', 'notes', 'instants'] as const).find((f) => f === head) ?? 'form';
    out[field] = out[field] ? `${out[field]}; ${i.message}` : i.message;
  }
  return out;
}

/** The area to draw on the map for a form (a district's polygons from the zones), or null. */
export function formAreaShown(area: FormArea, zones: readonly ZoneInfo[]): IncidentArea | null {
  if (area.kind === 'drawn') return area;
  if (area.kind === 'district') {
    const zone = zones.find((z) => z.name === area.name);
    return zone ? { kind: 'district', name: zone.name, polygons: zone.polygons } : null;
  }
  return null;
}

/** The bookmark's area in words. */
export function areaText(area: IncidentArea | FormArea | null): string {
  if (area === null || area.kind === 'none') return t('incidents.areaNone');
  return area.kind === 'district' ? t('incidents.areaDistrict', { name: area.name }) : t('incidents.areaDrawn', { n: area.polygon.length });
}
