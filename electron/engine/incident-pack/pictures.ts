/**
 * The pack's pictures and report (snapshots/*.png, report.html), as the writer asks for them: the map at an instant
 * and the report of the whole pack. They are drawn by incident-pack/raster and incident-pack/report (through the
 * input types of render-types.ts) from the replay frame at each instant (replay/); a desk or CLI without them writes
 * the pack without the two, and its manifest says why (`omitted`).
 */
import type { AuditRow, Gap, IncidentArea } from '../api';
import type { Alarm } from '../rules/alarms';
import type { NamedAlarm } from './rows';
import type { PackRequest } from './writer';
import type { Sensor } from '../../shared/model';

export interface PackReportContext {
  req: PackRequest;
  sensors: readonly Sensor[];
  alarms: readonly NamedAlarm[];
  actions: readonly AuditRow[];
  gaps: readonly Gap[];
  counts: { sensors: number; readings: number; alarms: number; actions: number; notes: number; gaps: number };
  snapshots: { at: number; png: Uint8Array }[];
  createdAt: number;
}

export interface PackPictures {
  /** PNG bytes of the map at `at` (feed time): the affected sensors in their state then, the alarms open then, the area. */
  snapshot(at: number, ctx: { sensors: readonly Sensor[]; area: IncidentArea | null; alarms: readonly Alarm[] }): Promise<Uint8Array>;
  /** report.html's text: self-contained. */
  report(ctx: PackReportContext): Promise<string> | string;
}

/** Why packs have no pictures in this build (the manifest's `omitted` reasons). */
export const PICTURES_NOT_BUILT = 'the map and report renderers (incident-pack/raster, incident-pack/report) are not part of this build yet';
