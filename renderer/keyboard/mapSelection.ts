/**
 * The map-selection keys, applied to the store: ] / [ step through the sensors shown, Shift+arrows go to the nearest
 * sensor in that direction, X clears. The selected sensor's panel opens and the map follows it (focusSensor). Returns
 * the sentence for the live region (mapKeys.ts words it).
 */
import { focusSensor } from '../alarms/focus';
import { isTypeVisible, typeOf } from '../map/layers/common';
import { summarize } from '../panels/describe';
import { appStore, shownNow, shownStates, type AppState } from '../store';
import { nearestInDirection, nothingThatWay, selectionSentence, stepSensor, walkableSensors, type Direction, type SensorPoint } from './mapKeys';
import { t } from '../i18n/i18n';

export type MapKeyAction = 'nextSensor' | 'previousSensor' | 'sensorNorth' | 'sensorSouth' | 'sensorWest' | 'sensorEast' | 'clearSensor';

const DIRECTION: Partial<Record<MapKeyAction, Direction>> = { sensorNorth: 'north', sensorSouth: 'south', sensorWest: 'west', sensorEast: 'east' };

export function isMapKeyAction(a: string): a is MapKeyAction {
  return a === 'nextSensor' || a === 'previousSensor' || a === 'clearSensor' || a in DIRECTION;
}

function points(s: AppState): SensorPoint[] {
  return walkableSensors(
    s.catalogue,
    shownStates(s),
    (typeId) => isTypeVisible(s.visible, typeId),
    (typeId) => typeOf(s.registry, typeId).pluralLabel,
  );
}

/** The headline value in words ("97 % · Full"), or null. */
function headline(s: AppState, id: string): string | null {
  const sensor = s.catalogue.get(id);
  if (!sensor) return null;
  const line = summarize(sensor, shownStates(s).get(id), shownNow(s), s.registry).lines[0];
  return line ? `${line.label} ${line.value}` : null;
}

/** Does the key's action; returns what to announce. */
export function runMapKey(action: MapKeyAction): string {
  const s = appStore.getState();
  if (action === 'clearSensor') {
    if (!s.selectedId) return t('keys.noneSelected');
    s.select(null);
    return t('keys.selectionCleared');
  }
  const all = points(s);
  if (all.length === 0) return t('keys.noneShownWhy');
  const dir = DIRECTION[action];
  let next: SensorPoint | null;
  if (dir) {
    const current = s.selectedId && all.some((p) => p.id === s.selectedId) ? s.selectedId : null;
    // From no selection a direction key starts at the first sensor (then moves from there).
    if (current === null) next = all[0]!;
    else {
      next = nearestInDirection(all, current, dir);
      if (!next) return nothingThatWay(dir);
    }
  } else next = stepSensor(all, s.selectedId, action === 'nextSensor' ? 1 : -1);
  if (!next) return t('keys.noneShown');
  focusSensor(next.id);
  return selectionSentence(next, headline(s, next.id), all);
}
