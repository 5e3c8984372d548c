/**
 * The alarm load a backtest measured, in a supervisor's words, judged against the standards' limits (EEMUA 191 /
 * ISA-18.2: about one new alarm per 10 minutes on average is acceptable; more than FLOOD_ALARMS in 10 minutes is a
 * flood), and the question asked before publishing.
 */
import type { AlarmLoad } from '../../electron/engine/api';
import { CHATTER_CYCLES, CHATTER_WINDOW_MS, FLOOD_ALARMS, TARGET_AVERAGE_PER_WINDOW } from '../../electron/shared/alarm-priority';

export type LoadLevel = 'ok' | 'high' | 'flood';

/** 'flood' when the rule alone flooded the desk, 'high' when it adds more than the acceptable average or chatters. */
export function loadLevel(load: AlarmLoad): LoadLevel {
  if (load.floods > 0 || load.peakPerTenMinutes > FLOOD_ALARMS) return 'flood';
  if (load.averagePerTenMinutes > TARGET_AVERAGE_PER_WINDOW || load.chattering > 0) return 'high';
  return 'ok';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

/** The facts beside the engine's summary, one per line. */
export function loadFacts(load: AlarmLoad): string[] {
  return [
    `Peak: ${plural(load.peakPerTenMinutes, 'new alarm')} in 10 minutes (more than ${FLOOD_ALARMS} is a flood)`,
    `Average: ${load.averagePerTenMinutes.toFixed(2)} per 10 minutes (about ${TARGET_AVERAGE_PER_WINDOW} is acceptable for all rules together)`,
    `Chattering: ${load.chattering === 0 ? 'none' : plural(load.chattering, 'place')} (${CHATTER_CYCLES} or more raise/clear cycles in ${CHATTER_WINDOW_MS / 60_000} minutes)`,
  ];
}

/** The confirmation asked before publishing: "This rule would have raised 14 alarms a day, … Publish?" */
export function publishQuestion(load: AlarmLoad): string {
  // (the engine's summary already counts floods and chattering)
  const peak = load.peakPerTenMinutes > 0 ? ` (at most ${load.peakPerTenMinutes} in 10 minutes)` : '';
  return `This rule would have raised ${load.summary}${peak}. Publish?`;
}
