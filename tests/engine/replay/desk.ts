/** A desk for the replay tests: a store in memory on a test clock, the real Alerting over it, and replay's sources. */
import { afterAll } from 'vitest';
import { join } from 'node:path';
import { Alerting } from '../../../electron/engine/alerting';
import { namesOf } from '../../../electron/engine/commands/alarm-kpis';
import { LiveState } from '../../../electron/engine/live-state';
import type { ReplaySources } from '../../../electron/engine/replay/frame';
import { loadDistricts } from '../../../electron/engine/rules/geo';
import { openStore, type Store, type StoreOptions } from '../../../electron/engine/store/store';
import type { Sensor } from '../../../electron/shared/model';

const zones = loadDistricts(join(__dirname, '..', '..', '..', 'assets'));

/** Car parks of 100 spaces reporting every 5 minutes, named as given. */
export function carParks(names: readonly string[]): Sensor[] {
  return names.map((name, i) => ({ id: `parking:P${i + 1}`, kind: 'car-park', name, geometry: { type: 'Point', coordinates: [10.2 + i / 100, 56.15] }, expectedIntervalS: 300, attributes: { capacity: 100 } }));
}

/** The store (closed after the calling file's tests) and Alerting on `now`; `sources()` once the scenario is played. */
export function desk(catalogue: readonly Sensor[], now: () => number, options: StoreOptions = {}): { store: Store; alerting: Alerting; sources: () => ReplaySources } {
  const store = openStore(':memory:', { now, ...options });
  afterAll(() => store.close());
  store.setAuditClock(now);
  store.saveCatalogue(catalogue);
  const alerting = new Alerting(store, zones, catalogue, () => {}, () => {}, () => {}, now, now);
  const sources = (): ReplaySources => {
    const state = new LiveState();
    state.setCatalogue(catalogue, { registry: store.registry() });
    return { store, catalogue, registry: store.registry(), priorityFor: (r, s) => alerting.priorityFor(r, s), names: namesOf({ alerting, state }) };
  };
  return { store, alerting, sources };
}
