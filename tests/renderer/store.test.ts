import { describe, expect, it } from 'vitest';
import type { CommandName, EngineClient, EngineEvents, EngineSnapshot, EventName } from '../../electron/engine/api';
import { createAppStore, feedNow } from '../../renderer/store';
import { startSync } from '../../renderer/store/sync';
import { SHIPPED_TYPES } from '../../electron/shared/sensor-types/shipped';
import { ABERDEEN, parkingSensor, RIVER_GAUGE, riverGauge, stateOf, status, T0, trafficSensor } from './fixtures';

function snapshot(): EngineSnapshot {
  return {
    catalogue: [trafficSensor('1'), parkingSensor('P')],
    states: [stateOf('traffic:1', T0, { avgSpeedKmh: 40, vehicleCount: 2 })],
    status: status(),
    types: [...SHIPPED_TYPES],
    city: { name: 'Aarhus', timeZone: 'Europe/Copenhagen', home: null, extent: [10.1, 56.1, 10.3, 56.2], attribution: null, source: 'feed' },
  };
}

describe('store slices', () => {
  it('applies snapshot and deltas, bumping the version each time', () => {
    const store = createAppStore();
    const s = () => store.getState();
    expect(s().version).toBe(0);
    s().applySnapshot(snapshot(), 1000);
    expect(s().catalogue.size).toBe(2);
    expect(s().states.get('traffic:1')?.last?.values.avgSpeedKmh).toBe(40);
    expect(s().status?.demo).toBe(true);
    const v1 = s().version;
    const before = s().states;
    s().applyDelta([stateOf('traffic:1', T0 + 300_000, { avgSpeedKmh: 20, vehicleCount: 5 })]);
    expect(s().version).toBe(v1 + 1);
    expect(s().states).not.toBe(before); // a new Map for React/memo
    expect(s().states.get('traffic:1')?.last?.values.avgSpeedKmh).toBe(20);
    // an older reading never replaces a newer one
    s().applyDelta([stateOf('traffic:1', T0, { avgSpeedKmh: 99, vehicleCount: 5 })]);
    expect(s().states.get('traffic:1')?.last?.values.avgSpeedKmh).toBe(20);
  });

  it('takes the city and the types from the snapshot: the registry knows the shipped types and the feed\'s', () => {
    const store = createAppStore();
    const s = () => store.getState();
    expect(s().city.timeZone).toBe('UTC'); // before any snapshot: times are named UTC, never the machine's zone
    expect(s().registry.all()).toEqual([]); // the types come from the engine
    s().applySnapshot({ ...snapshot(), catalogue: [riverGauge('g1')], types: [...SHIPPED_TYPES, RIVER_GAUGE], city: ABERDEEN });
    expect(s().city).toEqual(ABERDEEN);
    expect(s().types).toEqual([...SHIPPED_TYPES, RIVER_GAUGE]);
    expect(s().registry.get('river-gauge')?.label).toBe('River gauge');
    expect(s().registry.has('traffic')).toBe(true);
    expect(s().typesError).toBeNull();
  });

  it('rebuilds the registry only when the catalogue event brings different types; keeps types and city it omits', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().applySnapshot(snapshot());
    const before = s().registry;
    s().applyCatalogue([trafficSensor('2')]);
    expect(s().registry).toBe(before);
    expect(s().city.name).toBe('Aarhus');
    s().applyCatalogue([trafficSensor('2')], [...SHIPPED_TYPES], undefined);
    expect(s().registry).toBe(before); // same types: no rebuild
    s().applyCatalogue([riverGauge('g1')], [...SHIPPED_TYPES, RIVER_GAUGE], ABERDEEN);
    expect(s().registry).not.toBe(before);
    expect(s().registry.has('river-gauge')).toBe(true);
    expect(s().registry.has('traffic')).toBe(true);
    expect(s().city.name).toBe('Aberdeen');
    const withRiver = s().registry;
    const city = s().city;
    s().applyCatalogue([riverGauge('g2')], structuredClone([...SHIPPED_TYPES, RIVER_GAUGE]), { ...ABERDEEN });
    expect(s().registry).toBe(withRiver); // equal content: same registry, same city object
    expect(s().city).toBe(city);
  });

  it('an unknown time zone is shown as UTC; types the registry refuses leave the previous ones and say why', () => {
    const store = createAppStore();
    const s = () => store.getState();
    s().applySnapshot(snapshot());
    s().applySnapshot({ ...snapshot(), city: { ...ABERDEEN, timeZone: 'Mars/Olympus' }, types: [...SHIPPED_TYPES, RIVER_GAUGE, RIVER_GAUGE] });
    expect(s().city.timeZone).toBe('UTC');
    expect(s().city.name).toBe('Aberdeen');
    expect(s().typesError).toMatch(/river-gauge/);
    expect(s().registry.has('car-park')).toBe(true);
    expect(s().registry.has('river-gauge')).toBe(false);
    s().applySnapshot({ ...snapshot(), types: [...SHIPPED_TYPES, RIVER_GAUGE] });
    expect(s().typesError).toBeNull();
  });

  it('a new catalogue drops unknown states and the selection', () => {
    const store = createAppStore();
    store.getState().applySnapshot(snapshot());
    store.getState().select('traffic:1');
    store.getState().applyCatalogue([parkingSensor('P')]);
    expect(store.getState().states.has('traffic:1')).toBe(false);
    expect(store.getState().selectedId).toBeNull();
  });

  it('ui slice toggles layers and dedupes hover', () => {
    const store = createAppStore();
    expect(store.getState().visible).toEqual({}); // every type visible until toggled
    store.getState().toggleLayer('citypulse-air-index');
    expect(store.getState().visible).toEqual({ 'citypulse-air-index': false });
    store.getState().toggleLayer('citypulse-air-index', true);
    expect(store.getState().visible['citypulse-air-index']).toBe(true);
    store.getState().toggleLayer('river-level', false); // any type id, also one the desk has never seen
    expect(store.getState().visible['river-level']).toBe(false);
    store.getState().hover({ sensorId: 'a', x: 1, y: 2 });
    const h = store.getState().hovered;
    store.getState().hover({ sensorId: 'a', x: 1, y: 2 });
    expect(store.getState().hovered).toBe(h);
  });

  it('extrapolates the feed clock at the feed speed while connected', () => {
    expect(feedNow({ status: null, statusReceivedAt: 0 })).toBeNull();
    expect(feedNow({ status: status({ feedTime: 1000, speed: 60 }), statusReceivedAt: 10 }, 20)).toBe(1000 + 600);
    expect(feedNow({ status: status({ feedTime: 1000, connection: 'disconnected' }), statusReceivedAt: 10 }, 20)).toBe(1000);
  });
});

class FakeClient implements EngineClient {
  transportError: string | null = null;
  snapshots = 0;
  private listeners = new Map<string, ((p: unknown) => void)[]>();
  private transport: ((s: 'open' | 'closed') => void)[] = [];
  call<K extends CommandName>(method: K): Promise<never> {
    if (method === 'snapshot') {
      this.snapshots++;
      return Promise.resolve(snapshot() as never);
    }
    return Promise.reject(new Error('no'));
  }
  on<E extends EventName>(event: E, listener: (p: EngineEvents[E]) => void): () => void {
    const arr = this.listeners.get(event) ?? [];
    arr.push(listener as (p: unknown) => void);
    this.listeners.set(event, arr);
    return () => undefined;
  }
  onTransport(l: (s: 'open' | 'closed') => void): () => void {
    this.transport.push(l);
    l('closed');
    return () => undefined;
  }
  close() {}
  setTransport(s: 'open' | 'closed') {
    for (const l of this.transport) l(s);
  }
  emit<E extends EventName>(event: E, payload: EngineEvents[E]) {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }
}

describe('startSync', () => {
  it('snapshots on open, applies deltas and re-snapshots after a reconnect', async () => {
    const store = createAppStore();
    const client = new FakeClient();
    startSync(client, store);
    expect(store.getState().transport).toBe('connecting');
    client.setTransport('open');
    await Promise.resolve();
    await Promise.resolve();
    expect(client.snapshots).toBe(1);
    expect(store.getState().catalogue.size).toBe(2);
    client.emit('delta', { states: [stateOf('traffic:1', T0 + 1, { avgSpeedKmh: 1, vehicleCount: 1 })], status: status({ readingsPerSecond: 9 }) });
    expect(store.getState().status?.readingsPerSecond).toBe(9);
    client.transportError = 'lost';
    client.setTransport('closed');
    expect(store.getState().transport).toBe('closed');
    expect(store.getState().transportError).toBe('lost');
    client.setTransport('open');
    await Promise.resolve();
    await Promise.resolve();
    expect(client.snapshots).toBe(2);
    expect(store.getState().transport).toBe('open');
    client.emit('catalogue', { sensors: [trafficSensor('9')], types: [], city: snapshot().city });
    expect([...store.getState().catalogue.keys()]).toEqual(['traffic:9']);
    expect(store.getState().city.name).toBe('Aarhus');
    client.emit('catalogue', { sensors: [riverGauge('g1')], types: [...SHIPPED_TYPES, RIVER_GAUGE], city: ABERDEEN });
    expect(store.getState().registry.has('river-gauge')).toBe(true);
    expect(store.getState().city.timeZone).toBe('Europe/London');
  });
});

describe('feedNow and the transport', () => {
  it('does not extrapolate while the engine is unreachable', () => {
    const st = status({ feedTime: 1000, speed: 1 });
    expect(feedNow({ status: st, statusReceivedAt: 0, transport: 'closed' }, 500)).toBe(1000);
    expect(feedNow({ status: st, statusReceivedAt: 0, transport: 'open' }, 500)).toBe(1500);
  });
});
