/**
 * The down sources of what the screen shows (live, or the replayed instant), from the store. Worked out once per
 * change of its inputs (the alarms, the feed status, the replay frame): the map, the counts and every alarm row ask.
 */
import type { AppState } from '../store';
import { shownAlarms } from '../store';
import { downSources, type DownSources } from './sourceDown';

type Inputs = [ReadonlyMap<string, unknown>, AppState['status'], number | null, boolean];
let memo: { inputs: Inputs; down: DownSources } | null = null;

export function shownDown(s: AppState): DownSources {
  const alarms = shownAlarms(s);
  const replayAt = s.replay ? (s.replay.frame?.at ?? s.replay.at) : null;
  const pack = s.deskMode?.mode === 'incident';
  const inputs: Inputs = [alarms, s.status, replayAt, pack];
  if (memo && memo.inputs.every((v, i) => v === inputs[i])) return memo.down;
  const down = downSources({ status: s.status, alarms: alarms.values(), replayAt, pack });
  memo = { inputs, down };
  return down;
}
