/**
 * The "Connect a source" form's state and the source document it makes (electron/shared/source-admin.ts). Pure: the
 * form edits a SourceDraft; `documentOf` turns it into the document the engine validates, previews and saves; the
 * credentials typed go beside it (`secretsOf`), never into it: the document holds references only. `draftOf` reads a
 * saved document back into the form (credentials then show as "stored").
 */
import type { SourceDocument } from '../../electron/shared/source-admin';
import type { SensorType } from '../../electron/shared/sensor-types/types';
import { t } from '../i18n/i18n';

export type DraftType = 'http' | 'file' | 'mqtt' | 'sensorthings';
export type AuthKind = 'none' | 'basic' | 'bearer';
export type TimeFormatKind = 'iso' | 'epoch-s' | 'epoch-ms' | 'pattern';

export interface NewTypeDraft {
  id: string;
  label: string;
  geometry: 'point' | 'line';
  metrics: { id: string; label: string; unit: string }[];
}

export interface SourceDraft {
  id: string;
  name: string;
  type: DraftType;
  url: string;
  /** file: one path per line. */
  files: string;
  format: '' | 'json' | 'csv' | 'geojson' | 'ndjson';
  recordsPath: string;
  everyS: number;
  topic: string;
  auth: AuthKind;
  user: string;
  /** Typed in the form; '' keeps the stored one. Never part of the document. */
  secret: string;
  // mapping
  idField: string;
  nameField: string;
  positionKind: 'lonlat' | 'geometry';
  lonField: string;
  latField: string;
  geometryField: string;
  timeField: string;
  timeFormat: TimeFormatKind;
  timePattern: string;
  timeZone: string;
  /** Metric id -> field and unit ('' field: not mapped). */
  metrics: Record<string, { field: string; unit: string }>;
  /** A registry type id, or '' with newType set. */
  sensorType: string;
  newType: NewTypeDraft | null;
}

/** The secret key a draft's credential is stored under. */
export const SECRET_KEY = { basic: 'PASSWORD', bearer: 'TOKEN', mqtt: 'PASSWORD' } as const;
const ref = (key: string) => ({ env: `CITYDESK_SECRET_${key}` });

export function emptyDraft(): SourceDraft {
  return {
    id: '',
    name: '',
    type: 'http',
    url: '',
    files: '',
    format: '',
    recordsPath: '',
    everyS: 60,
    topic: '',
    auth: 'none',
    user: '',
    secret: '',
    idField: '',
    nameField: '',
    positionKind: 'lonlat',
    lonField: '',
    latField: '',
    geometryField: '',
    timeField: '',
    timeFormat: 'iso',
    timePattern: 'YYYY-MM-DD HH:mm:ss',
    timeZone: 'UTC',
    metrics: {},
    sensorType: '',
    newType: null,
  };
}

function connectionOf(d: SourceDraft): Record<string, unknown> {
  const opt = (k: string, v: string) => (v.trim() !== '' ? { [k]: v.trim() } : {});
  switch (d.type) {
    case 'http': {
      const auth = d.auth === 'basic' ? { auth: { type: 'basic', user: d.user, password: ref(SECRET_KEY.basic) } } : d.auth === 'bearer' ? { auth: { type: 'bearer', token: ref(SECRET_KEY.bearer) } } : {};
      return { url: d.url.trim(), ...opt('format', d.format), ...opt('recordsPath', d.recordsPath), everyS: d.everyS, ...auth };
    }
    case 'file':
      return { files: d.files.split('\n').map((f) => f.trim()).filter((f) => f !== ''), ...opt('format', d.format), ...opt('recordsPath', d.recordsPath) };
    case 'mqtt':
      return { url: d.url.trim(), topics: [d.topic.trim()], ...(d.user.trim() !== '' ? { username: d.user.trim(), password: ref(SECRET_KEY.mqtt) } : {}) };
    case 'sensorthings':
      return { url: d.url.trim(), everyS: d.everyS };
  }
}

/** The type the draft maps to: the registry's, or the new one it defines. */
export function typeOfDraft(d: SourceDraft, types: readonly SensorType[]): { id: string; metrics: { id: string; label: string; unit: string }[] } | null {
  if (d.newType) return { id: d.newType.id, metrics: d.newType.metrics };
  const found = types.find((x) => x.id === d.sensorType);
  return found ? { id: found.id, metrics: found.metrics.map((m) => ({ id: m.id, label: m.label, unit: m.unit })) } : null;
}

/** Whether the mapping has what the hub needs before it can be applied: id, time, one metric, a type. */
export function hasMapping(d: SourceDraft): boolean {
  return d.idField !== '' && d.timeField !== '' && (d.sensorType !== '' || d.newType !== null) && Object.values(d.metrics).some((m) => m.field !== '');
}

/**
 * A new type as a full sensor-type document (defaults for what the form does not ask: style, interval, provenance).
 * Its one band's label is written in the supervisor's language when the type is made: from then on it is the
 * council's own type document (data), shown as written.
 */
export function newTypeDocument(nt: NewTypeDraft): unknown {
  const first = nt.metrics[0]?.id ?? '';
  return {
    id: nt.id,
    schema: 1,
    label: nt.label,
    pluralLabel: nt.label,
    geometry: nt.geometry,
    provenance: 'measured',
    expectedIntervalS: 3600,
    metrics: nt.metrics.map((m) => ({ id: m.id, label: m.label, unit: m.unit, precision: 1, higherIsWorse: null })),
    derived: [],
    checks: [],
    style: { headline: first, bands: [{ upTo: null, label: t('sources.newTypeBand'), colour: [80, 160, 230] }], size: { pixels: 6 } },
  };
}

export function documentOf(d: SourceDraft, opts: { mapping: boolean }): SourceDocument {
  const source: Record<string, unknown> = { id: d.id.trim(), name: d.name.trim() || d.id.trim(), type: d.type, connection: connectionOf(d) };
  if (opts.mapping && hasMapping(d)) {
    const metrics: Record<string, { field: string; unit: string }> = {};
    for (const [id, m] of Object.entries(d.metrics)) if (m.field !== '') metrics[id] = { field: m.field, unit: m.unit };
    const format = d.timeFormat === 'pattern' ? { pattern: d.timePattern } : d.timeFormat;
    source.sensorType = d.newType ? d.newType.id : d.sensorType;
    source.mapping = {
      id: d.idField,
      ...(d.nameField ? { name: d.nameField } : {}),
      ...(d.positionKind === 'geometry' ? (d.geometryField ? { position: { geometry: d.geometryField } } : {}) : d.lonField && d.latField ? { position: { lon: d.lonField, lat: d.latField } } : {}),
      time: { field: d.timeField, format, ...(d.timeZone.trim() ? { zone: d.timeZone.trim() } : {}) },
      metrics,
    };
  }
  return { source, ...(d.newType ? { newType: newTypeDocument(d.newType) } : {}) };
}

/** The credentials typed in the form, by key (empty: keep the stored one). */
export function secretsOf(d: SourceDraft): Record<string, string> {
  if (d.secret === '') return {};
  if (d.type === 'http' && d.auth !== 'none') return { [SECRET_KEY[d.auth]]: d.secret };
  if (d.type === 'mqtt' && d.user.trim() !== '') return { [SECRET_KEY.mqtt]: d.secret };
  return {};
}

/** Whether the draft's connection uses a credential at all. */
export function needsSecret(d: SourceDraft): boolean {
  return (d.type === 'http' && d.auth !== 'none') || (d.type === 'mqtt' && d.user.trim() !== '');
}

/** A saved document back into the form. */
export function draftOf(doc: SourceDocument): SourceDraft {
  const d = emptyDraft();
  const s = doc.source as Record<string, unknown> & { connection?: Record<string, unknown>; mapping?: Record<string, unknown> };
  const c = s.connection ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  d.id = str(s.id);
  d.name = str(s.name);
  d.type = (['http', 'file', 'mqtt', 'sensorthings'] as const).find((x) => x === s.type) ?? 'http';
  d.url = str(c.url);
  d.files = Array.isArray(c.files) ? c.files.map(String).join('\n') : '';
  d.format = (['json', 'csv', 'geojson', 'ndjson'] as const).find((f) => f === c.format) ?? '';
  d.recordsPath = str(c.recordsPath);
  if (typeof c.everyS === 'number') d.everyS = c.everyS;
  d.topic = Array.isArray(c.topics) ? String(c.topics[0] ?? '') : '';
  const auth = c.auth as { type?: string; user?: string } | undefined;
  d.auth = auth?.type === 'basic' ? 'basic' : auth?.type === 'bearer' ? 'bearer' : 'none';
  d.user = str(auth?.user) || str(c.username);
  const m = s.mapping as { id?: string; name?: string; position?: { lon?: string; lat?: string; geometry?: string }; time?: { field?: string; format?: unknown; zone?: string }; metrics?: Record<string, { field: string; unit: unknown }> } | undefined;
  if (m) {
    d.idField = str(m.id);
    d.nameField = str(m.name);
    if (m.position?.geometry !== undefined) {
      d.positionKind = 'geometry';
      d.geometryField = m.position.geometry;
    } else {
      d.lonField = str(m.position?.lon);
      d.latField = str(m.position?.lat);
    }
    d.timeField = str(m.time?.field);
    const f = m.time?.format;
    if (f && typeof f === 'object' && 'pattern' in f) {
      d.timeFormat = 'pattern';
      d.timePattern = String((f as { pattern: unknown }).pattern);
    } else if (f === 'epoch-s' || f === 'epoch-ms' || f === 'iso') d.timeFormat = f;
    d.timeZone = str(m.time?.zone);
    for (const [id, x] of Object.entries(m.metrics ?? {})) d.metrics[id] = { field: x.field, unit: typeof x.unit === 'string' ? x.unit : '' };
  }
  d.sensorType = str(s.sensorType);
  const nt = doc.newType as { id?: string; label?: string; geometry?: string; metrics?: { id: string; label: string; unit: string }[] } | undefined;
  if (nt) {
    d.newType = { id: str(nt.id), label: str(nt.label), geometry: nt.geometry === 'line' ? 'line' : 'point', metrics: (nt.metrics ?? []).map((x) => ({ id: x.id, label: x.label, unit: x.unit })) };
    d.sensorType = '';
  }
  return d;
}

/**
 * Issues by the form field they belong to (the longest known prefix of their path), the rest under '' (those with their
 * path in front). The messages are the engine's (its validation's words); the document paths are data.
 */
export function issuesByField(issues: readonly { path: string; message: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const i of issues) {
    const key = FIELD_PREFIXES.find((p) => i.path === p || i.path.startsWith(p + '.') || i.path.startsWith(p + '[')) ?? '';
    out.set(key, [...(out.get(key) ?? []), key === '' || key === 'newType' ? t('sources.issueAt', { path: i.path, message: i.message }) : i.message]);
  }
  return out;
}

/** Document paths the form shows errors at, most specific first. */
export const FIELD_PREFIXES = [
  'source.id',
  'source.name',
  'source.type',
  'source.connection.url',
  'source.connection.files',
  'source.connection.topics',
  'source.connection.auth',
  'source.connection',
  'source.sensorType',
  'source.mapping.id',
  'source.mapping.name',
  'source.mapping.position',
  'source.mapping.time.zone',
  'source.mapping.time',
  'source.mapping.metrics',
  'source.mapping',
  'newType',
  'secrets',
].sort((a, b) => b.length - a.length);
