/**
 * Putting the operator on an alarm: it becomes the selected alarm (`selectedAlarmId`, "the alarm the operator is on",
 * which the map and the keyboard follow), a group alarm's members become the map's highlighted sensors, and the map
 * flies to the subject (a group: to all its members).
 */
import type { Alarm } from '../../electron/engine/api';
import { boundsOf, subjectTarget, targetBounds, type Bounds } from '../map/layers/alerts';
import { appStore, type AppState } from '../store';
import { groupSensorIds } from './alarmList';

/** Selects the alarm, highlights a group's members and flies the map there. */
export function focusAlarm(alarm: Alarm): void {
  const s = appStore.getState();
  // The map and the keyboard look the selected alarm up in `alarms`: a row from a page may not be there yet. Not in
  // replay: a past copy must never enter the live alarms (the replayed list's rows are the frame's, already there).
  if (!s.replay) s.upsertAlarms([alarm]);
  s.selectAlarm(alarm.id);
  s.setHighlightedSensors(alarm.group ? groupSensorIds(alarm.group) : []);
  const bounds = alarmBounds(alarm);
  if (bounds) s.requestFocus(bounds, alarm.group || alarm.subject.startsWith('zone:') ? 16 : 15);
}

/** Highlights the members of a group alarm (expanded in the list), or none. */
export function highlightGroup(alarm: Alarm | null): void {
  appStore.getState().setHighlightedSensors(alarm?.group ? groupSensorIds(alarm.group) : []);
}

/** Where the alarm is on the map: its subject, or the extent of a group's members. */
export function alarmBounds(alarm: Pick<Alarm, 'subject' | 'group'>, s: AppState = appStore.getState()): Bounds | null {
  const subjects = alarm.group ? groupSensorIds(alarm.group) : [alarm.subject];
  const corners = subjects.flatMap((subject) => {
    const t = subjectTarget(subject, s);
    const b = t ? targetBounds(t) : null;
    return b ? [b[0], b[1]] : [];
  });
  return boundsOf(corners);
}

/** Flies the map to one sensor and opens its panel. */
export function focusSensor(sensorId: string): void {
  const s = appStore.getState();
  const t = subjectTarget(sensorId, s);
  const b = t ? targetBounds(t) : null;
  s.select(sensorId);
  if (b) s.requestFocus(b, 16);
}
