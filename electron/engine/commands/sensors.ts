/** Commands about sensors and what the desk holds of them: snapshot, history, notes, operator actions, gaps. */
import { ApiError } from '../api';
import { catalogueView } from '../feed/catalogue-view';
import { findGaps } from '../live-state';
import type { EngineParts, HandlersFor } from './types';

const HISTORY_DEFAULT_MS = 6 * 3600 * 1000;

export function sensorCommands(p: EngineParts): HandlersFor<'snapshot' | 'history' | 'addNote' | 'actions' | 'gaps'> {
  const { store, state, clock } = p;
  return {
    snapshot: () => {
      const status = p.tracker.snapshot();
      const view = catalogueView(state, status.feedName);
      return { catalogue: view.sensors, types: view.types, city: view.city, states: state.allStates(), status };
    },
    history: (q) => {
      const sensor = state.sensor(q.sensorId);
      if (!sensor) throw new ApiError('not-found', `unknown sensor ${q.sensorId}`);
      const to = q.to ?? clock.nowOrWall();
      const from = q.from ?? to - HISTORY_DEFAULT_MS;
      store.flush();
      const h = store.history(q.sensorId, from, to, q.maxPoints ?? 3000, sensor.expectedIntervalS);
      const step = h.resolution === 'raw' ? sensor.expectedIntervalS * 1000 : Math.max(sensor.expectedIntervalS * 1000, h.resolution === '1m' ? 60_000 : 3_600_000);
      const recorded = store.gapsFor(q.sensorId, from, to).map((g) => ({ from: g.from, to: g.to, reason: g.reason }));
      const gaps = [...recorded, ...findGaps(h.points, step, to)].sort((a, b) => a.from - b.from);
      return { sensorId: q.sensorId, from, to, resolution: h.resolution, points: h.points, gaps };
    },
    addNote: (q, session) => {
      if (q.sensorId !== null && !state.sensor(q.sensorId)) throw new ApiError('not-found', `unknown sensor ${q.sensorId}`);
      return p.outbox.enqueue({ kind: 'note', sensorId: q.sensorId, text: q.text, user: session.user });
    },
    actions: (q) => store.actions({ ...(q.sensorId ? { sensorId: q.sensorId } : {}), limit: q.limit ?? 200 }),
    gaps: (q) => store.gaps(q.from, q.to),
  };
}
