/**
 * What the pack writer (writer.ts, helper 'pack-writer') hands to the renderers of the pack's pictures and report
 * (raster/ and report/, helper 'pack-report'). Pure data in, bytes or text out: no I/O in the renderers except the
 * base map loader, which reads the shipped base map once.
 */
import type { Alarm, AuditRow, CityInfo, Gap, IncidentArea, TimelineData } from '../api';
import type { Bbox } from '../../shared/geojson-bbox';
import type { Sensor, SensorState } from '../../shared/model';
import type { SensorTypeRegistry } from '../../shared/sensor-types/registry';

/** Base map lines and areas for a snapshot, in [lng, lat]: what the raster draws under the sensors. */
export interface SnapshotBasemap {
  /** Roads by class ('motorway' | 'primary' | 'secondary' | 'minor' | …): wider for bigger roads. */
  roads: { cls: string; line: [number, number][] }[];
  water: [number, number][][][];
  /** District outlines with their names. */
  districts: { name: string; rings: [number, number][][] }[];
  attribution: string;
}

/** One map picture: the sensors in their state at `at`, the alarms open then, the incident's area. */
export interface MapSnapshotInput {
  width: number;
  height: number;
  /** What to show [west, south, east, north] (the area's or the sensors' extent, with a margin). */
  bbox: Bbox;
  at: number;
  city: CityInfo;
  sensors: readonly Sensor[];
  registry: SensorTypeRegistry;
  /** ReplayFrame.states at `at`. */
  states: readonly SensorState[];
  /** ReplayFrame.alarms at `at`: drawn as rings at their subjects (unacknowledged ones stronger). */
  alarms: readonly Alarm[];
  area: IncidentArea | null;
  basemap: SnapshotBasemap | null;
}

/** A key sensor's chart in the report: one metric over the window, gaps kept as gaps. */
export interface ReportChart {
  sensorId: string;
  sensorName: string;
  metricLabel: string;
  unit: string;
  points: { ts: number; value: number | null }[];
  gaps: { from: number; to: number; reason: string }[];
  /** Alarm raises on this sensor in the window (marks on the chart). */
  alarmsAt: number[];
}

export interface ReportInput {
  name: string;
  from: number;
  to: number;
  area: IncidentArea | null;
  notes: string;
  city: CityInfo;
  createdAt: number;
  createdBy: string;
  snapshots: { at: number; png: Uint8Array }[];
  timeline: TimelineData;
  /** The alarms of the pack, with their rule and place in words (from the audit rows' words). */
  alarms: { alarm: Alarm; ruleName: string; place: string }[];
  actions: readonly AuditRow[];
  gaps: readonly Gap[];
  charts: readonly ReportChart[];
  /** Counts and file list as in the manifest (the report shows them; it cannot hold its own hash). */
  counts: { sensors: number; readings: number; alarms: number; actions: number; notes: number; gaps: number };
}
