/**
 * What an alarm row adds when the alarm's data is not current (pure; the row calls `alarmSourceNote(alarm, state)`):
 * - the engine is gone: "frozen at 10:40:12 CET — engine unreachable" on every row;
 * - the alarm's sensor (or members of its group) belongs to a down source: "source down since 10:40 CET — no data
 *   from Car park sensors; the value is the last one received", so that "ACTIVE … Speed 13% of normal" does not read
 *   as live. The outage alarm itself says what it is and gets no note.
 */
import type { Alarm } from '../../electron/engine/api';
import { OUTAGE_RULE_ID } from '../../electron/shared/built-in-alarms';
import type { Sensor } from '../../electron/shared/model';
import { feedNow, type AppState } from '../store';
import { t } from '../i18n/i18n';
import { engineGone, frozenText } from './frozen';
import { shownDown } from './shownDown';
import { downReason, downText, sensorDown, type DownSources, type SourceDown } from './sourceDown';

export interface AlarmNoteInput {
  catalogue: ReadonlyMap<string, Pick<Sensor, 'kind' | 'attributes'>>;
  down: DownSources;
  /** The engine is gone: the feed clock when it went (frozenAt), else null. */
  frozen: { at: number | null } | null;
  timeZone: string;
}

/** The sensors an alarm is about: its subject, or a group's members (each once). */
function alarmSensors(alarm: Alarm): string[] {
  if (!alarm.group) return [alarm.subject];
  return [...new Set(alarm.group.members.map((m) => m.subject))];
}

export function alarmNote(alarm: Alarm, input: AlarmNoteInput): string | null {
  if (input.frozen) return t('health.engineUnreachable', { frozen: frozenText(input.frozen.at, input.timeZone) });
  if (alarm.ruleId === OUTAGE_RULE_ID || alarm.state === 'resolved') return null;
  const ids = alarmSensors(alarm);
  let first: SourceDown | null = null;
  let n = 0;
  for (const id of ids) {
    const sensor = input.catalogue.get(id);
    const d = sensor ? sensorDown(sensor, input.down) : null;
    if (!d) continue;
    n++;
    if (!first || d.since < first.since) first = d;
  }
  if (!first) return null;
  const who = alarm.group && ids.length > 1 ? t('health.someSensors', { n, total: ids.length }) : '';
  return t('health.alarmDown', { who, down: downText(first, input.timeZone), reason: downReason(first) });
}

/** The note for an alarm row, from the store (live or the replayed instant). */
export function alarmSourceNote(alarm: Alarm, s: AppState): string | null {
  return alarmNote(alarm, {
    catalogue: s.catalogue,
    down: shownDown(s),
    frozen: engineGone(s.transport, s.status) ? { at: feedNow(s) } : null,
    timeZone: s.city.timeZone,
  });
}
