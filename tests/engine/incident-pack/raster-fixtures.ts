/** The demo city at an instant, built straight from the shipped data files (not the store): inputs for snapshot tests. */
import { join } from 'node:path';
import type { CityInfo } from '../../../electron/engine/api';
import { shippedRegistry } from '../../../electron/engine/feed/registry';
import type { MapSnapshotInput } from '../../../electron/engine/incident-pack/render-types';
import { loadDemoData, type DemoData } from '../../../electron/demo-feed/data';
import { sensorExtent, type Reading, type SensorState } from '../../../electron/shared/model';

export const ASSETS = join(__dirname, '../../../assets');

let demo: DemoData | null = null;
export function demoData(): DemoData {
  demo ??= loadDemoData(ASSETS);
  return demo;
}

export function aarhusCity(): CityInfo {
  const d = demoData();
  return { name: 'Aarhus', timeZone: 'Europe/Copenhagen', home: sensorExtent(d.sensors), extent: sensorExtent(d.sensors), attribution: d.city?.attribution ?? null, source: 'feed' };
}

/** Each sensor's latest reading at or before `at`, with derived values and flags as the registry gives them. */
export function statesAt(at: number): SensorState[] {
  const d = demoData();
  const registry = shippedRegistry();
  const latest = new Map<string, Reading>();
  for (const r of d.readings) {
    if (r.ts > at) break;
    latest.set(r.sensorId, r);
  }
  return d.sensors.map((s) => {
    const last = latest.get(s.id) ?? null;
    const derived = last ? registry.derive(s.kind, s.attributes, last.values) : {};
    return { sensorId: s.id, last, derived, flags: last ? registry.flags(s.kind, s.attributes, last.values, derived) : [], count: last ? 1 : 0 };
  });
}

export function demoSnapshotInput(at: number, over: Partial<MapSnapshotInput> = {}): MapSnapshotInput {
  const d = demoData();
  return {
    width: 1200,
    height: 800,
    bbox: sensorExtent(d.sensors)!,
    at,
    city: aarhusCity(),
    sensors: d.sensors,
    registry: shippedRegistry(),
    states: statesAt(at),
    alarms: [],
    area: null,
    basemap: null,
    ...over,
  };
}
