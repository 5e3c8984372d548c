/**
 * The pack's pictures and report (snapshots/*.png, report.html), as the writer asks for them: the map at an instant
 * and the report of the whole pack. They are drawn by incident-pack/raster and incident-pack/report (through the
 * input types of render-types.ts) from the replay frame at each instant (replay/); a desk or CLI without them writes
 * the pack without the two, and its manifest says why (`omitted`).
 */
import type { AuditRow, Gap, IncidentArea } from '../api';
import { replayFrame, type ReplaySources } from '../replay/frame';
import { timeline } from '../replay/timeline';
import type { Alarm } from '../rules/alarms';
import { loadSnapshotBasemap } from './raster/basemap';
import { renderMapPng } from './raster/map-snapshot';
import type { ReportChart } from './render-types';
import { renderReport } from './report/report-html';
import type { NamedAlarm } from './rows';
import type { PackSource } from './source';
import type { PackRequest } from './writer';
import { priorityOf } from '../../shared/alarm-priority';
import type { Bbox } from '../../shared/geojson-bbox';
import { sensorExtent, type LngLat, type Sensor } from '../../shared/model';

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

/**
 * The pictures and report from a cache (the desk's store, or the CLI's read-only cache): each snapshot is the replay
 * frame at its instant (replay/frame.ts: what was stored then, never recomputed) drawn by raster/map-snapshot.ts; the
 * report is report/report-html.ts over the pack's alarms, actions, gaps, the timeline of the window and charts of
 * the key sensors (the linked alarms' sensors first, then those with most alarms; at most six).
 */
export function packPictures(src: PackSource, assetsDir: string): PackPictures {
  const basemap = loadSnapshotBasemap(assetsDir, src.city);
  const respond = new Map<string, number | undefined>();
  for (const r of src.store.currentRules()) {
    const rationale = (r.json as { rationale?: { respondWithinMinutes?: unknown } } | null)?.rationale;
    respond.set(r.id, typeof rationale?.respondWithinMinutes === 'number' ? rationale.respondWithinMinutes : undefined);
  }
  const sources: ReplaySources = {
    store: src.store,
    catalogue: src.catalogue,
    registry: src.registry,
    priorityFor: (ruleId, severity) => priorityOf(severity, respond.get(ruleId)),
    names: { rule: (id) => src.names.ruleName(id) ?? id, subject: (subject, alarm) => alarm?.group?.name ?? src.names.subjectName(subject) ?? subject },
    timeZone: src.city.timeZone,
  };
  return {
    snapshot(at, ctx) {
      const frame = replayFrame(sources, at, ctx.sensors);
      const ids = new Set(ctx.sensors.map((s) => s.id));
      const alarms = frame.alarms.filter((a) => ids.has(a.subject) || a.group?.members.some((m) => ids.has(m.subject)));
      return Promise.resolve(
        renderMapPng({ width: 1200, height: 800, bbox: viewOf(ctx.sensors, ctx.area), at, city: src.city, sensors: ctx.sensors, registry: src.registry, states: frame.states, alarms, area: ctx.area, basemap }),
      );
    },
    report(ctx) {
      const { req } = ctx;
      const timelineData = timeline(sources, { from: req.from, to: req.to, buckets: 300, maxAlarms: 2000 }, req.to);
      return renderReport({
        name: req.name,
        from: req.from,
        to: req.to,
        area: req.area,
        notes: req.notes,
        city: src.city,
        createdAt: ctx.createdAt,
        createdBy: req.createdBy,
        snapshots: ctx.snapshots,
        timeline: timelineData,
        alarms: ctx.alarms.map((a) => ({ alarm: a.alarm, ruleName: a.ruleName, place: a.place })),
        actions: ctx.actions,
        gaps: ctx.gaps,
        charts: keySensors(ctx.sensors, ctx.alarms, req.alarmIds).map((s) => chartOf(src, s, req.from, req.to, ctx.alarms)),
        counts: ctx.counts,
      });
    },
  };
}

/** The area's box, or the sensors', with a margin (a single point gets about a kilometre around it). */
function viewOf(sensors: readonly Sensor[], area: IncidentArea | null): Bbox {
  const rings: LngLat[][] = area === null ? [] : area.kind === 'drawn' ? [area.polygon] : area.polygons.map((p) => p[0] ?? []);
  const box = rings.length > 0 ? sensorExtent([{ id: 'area', kind: 'area', name: '', expectedIntervalS: 1, attributes: {}, geometry: { type: 'Polygon', coordinates: rings } }]) : sensorExtent(sensors);
  const [w, s, e, n] = box ?? [-0.01, -0.01, 0.01, 0.01];
  const dx = Math.max((e - w) * 0.08, 0.01);
  const dy = Math.max((n - s) * 0.08, 0.006);
  return [w - dx, s - dy, e + dx, n + dy];
}

const MAX_CHARTS = 6;

function keySensors(sensors: readonly Sensor[], alarms: readonly NamedAlarm[], linked: readonly string[]): Sensor[] {
  const byId = new Map(sensors.map((s) => [s.id, s]));
  const score = new Map<string, number>();
  const linkedSet = new Set(linked);
  for (const { alarm } of alarms) {
    const subjects = alarm.group ? alarm.group.members.map((m) => m.subject) : [alarm.subject];
    for (const subject of subjects) if (byId.has(subject)) score.set(subject, (score.get(subject) ?? 0) + (linkedSet.has(alarm.id) ? 1000 : 1));
  }
  return [...score.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_CHARTS)
    .map(([id]) => byId.get(id)!);
}

/** The sensor's headline metric over the window (raw where it fits, else rollup averages), gaps as recorded. */
function chartOf(src: PackSource, sensor: Sensor, from: number, to: number, alarms: readonly NamedAlarm[]): ReportChart {
  const type = src.registry.get(sensor.kind);
  const metricId = type?.style.headline ?? Object.keys(src.store.latestReadings().find((r) => r.sensorId === sensor.id)?.values ?? {})[0] ?? '';
  const metric = type ? src.registry.metric(sensor.kind, metricId) : undefined;
  const raw = type ? src.registry.isRaw(sensor.kind, metricId) : true;
  const { points } = src.store.history(sensor.id, from, to, 600, sensor.expectedIntervalS);
  const series = points.map((p) => {
    const value = raw ? (p.values[metricId] ?? null) : (src.registry.derive(sensor.kind, sensor.attributes, p.values)[metricId] ?? null);
    return { ts: p.ts, value };
  });
  const gaps = src.store.gapsFor(sensor.id, from, to).map((g) => ({ from: g.from, to: g.to, reason: g.reason }));
  const alarmsAt = alarms.filter(({ alarm }) => alarm.subject === sensor.id || alarm.group?.members.some((m) => m.subject === sensor.id)).map(({ alarm }) => alarm.raisedAt);
  return { sensorId: sensor.id, sensorName: sensor.name, metricLabel: metric?.label ?? metricId, unit: metric?.unit ?? '', points: series, gaps, alarmsAt };
}
