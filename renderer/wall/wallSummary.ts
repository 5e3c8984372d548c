/** The wall summary's figures from the open alarms the desk holds, pure. */
import type { Alarm } from '../../electron/engine/api';

/** The `n` unacknowledged alarms raised longest ago (oldest first). */
export function waitingLongest(alarms: readonly Alarm[], n: number): Alarm[] {
  return alarms
    .filter((a) => a.acknowledged === null && a.state !== 'resolved')
    .sort((a, b) => a.raisedAt - b.raisedAt || a.id.localeCompare(b.id))
    .slice(0, n);
}

/** Open alarms per rule name, most first (ties by name). */
export function byRule(alarms: readonly Alarm[], nameOf: (a: Alarm) => string): { name: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const a of alarms) counts.set(nameOf(a), (counts.get(nameOf(a)) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
