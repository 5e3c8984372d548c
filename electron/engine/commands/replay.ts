/** Replay: the desk as of any instant, and the timeline's data (engine/replay/). */
import { ApiError } from '../api';
import { replayFrame, type ReplaySources } from '../replay/frame';
import { timeline } from '../replay/timeline';
import type { KpiNames } from '../rules/kpis';
import type { Sensor } from '../../shared/model';
import { namesOf } from './alarm-kpis';
import type { EngineParts, HandlersFor } from './types';

export function replayCommands(parts: EngineParts): HandlersFor<'replayFrame' | 'timeline'> {
  const sources = (): ReplaySources => {
    // Names are looked up only when words need them (a group's message, the timeline), once per request.
    let names: KpiNames | null = null;
    const named = () => (names ??= namesOf(parts));
    return {
      store: parts.store,
      catalogue: parts.state.catalogue(),
      registry: parts.state.registry,
      priorityFor: (ruleId, severity) => parts.alerting.priorityFor(ruleId, severity),
      names: { rule: (id) => named().rule(id), subject: (subject, alarm) => named().subject(subject, alarm) },
      timeZone: parts.state.city()?.timeZone ?? 'UTC',
    };
  };
  return {
    replayFrame: ({ at, sensorIds }) => {
      const src = sources();
      return replayFrame(src, at, sensorIds === undefined ? src.catalogue : sensorsNamed(src.catalogue, sensorIds));
    },
    timeline: (q) => timeline(sources(), q, parts.clock.nowOrWall()),
  };
}

/** The catalogue's sensors of `ids`, in the order asked; an id the catalogue lacks is a clear error. */
function sensorsNamed(catalogue: readonly Sensor[], ids: readonly string[]): Sensor[] {
  const byId = new Map(catalogue.map((s) => [s.id, s]));
  const unknown = ids.map((id, i) => ({ id, i })).filter(({ id }) => !byId.has(id));
  if (unknown.length > 0) {
    throw new ApiError(
      'invalid-params',
      `${unknown.length} sensor id${unknown.length === 1 ? '' : 's'} not in the catalogue: ${unknown.slice(0, 5).map((u) => u.id).join(', ')}${unknown.length > 5 ? ', …' : ''}`,
      unknown.slice(0, 20).map((u) => ({ path: `sensorIds.${u.i}`, message: `no sensor ${u.id}` })),
    );
  }
  return [...new Map(ids.map((id) => [id, byId.get(id)!])).values()];
}
