/**
 * What choosing a search result does: a sensor is selected (its panel opens) and the map flies to it; a place (the city
 * or a district) is flown to; an alarm becomes the selected alarm, the map flies to it and the alarm list opens on the
 * view that holds it, scrolled to its row; a rule opens in the Rules tab (scrolled to, and in the editor for a
 * supervisor). Acts on the store; the list rows are found by their data attributes.
 */
import type { Alarm } from '../../electron/engine/api';
import { shelfOf } from '../alarms/alarmList';
import { focusAlarm, focusSensor } from '../alarms/focus';
import { boundsOf, zoneRings } from '../map/layers/alerts';
import { fromRule } from '../rules/ruleForm';
import { appStore, isSupervisor, shownAlarms, type AppState } from '../store';
import type { AlarmView } from '../../electron/engine/api';
import { CITY_PLACE_ID } from './entries';
import type { SearchKind } from './match';

/** Zoom caps: the city whole, a district, a sensor. */
const CITY_ZOOM = 13;
const DISTRICT_ZOOM = 15;

/** The alarm list's view that holds an alarm: resolved, shelved or open. */
export function alarmViewOf(alarm: Alarm, s: Pick<AppState, 'shelves'>): AlarmView {
  if (alarm.state === 'resolved') return 'resolved';
  return shelfOf(alarm, s.shelves) ? 'shelved' : 'open';
}

/** Scrolls to the element once it is drawn (the list may fetch its page first), marking it briefly; gives up after 3 s. */
function reveal(selector: string): void {
  const until = performance.now() + 3000;
  const look = (): void => {
    const el = document.querySelector<HTMLElement>(selector);
    if (el) {
      el.scrollIntoView({ block: 'nearest' });
      el.classList.add('search-found');
      setTimeout(() => el.classList.remove('search-found'), 2000);
      return;
    }
    if (performance.now() < until) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
}

function choosePlace(id: string, s: AppState): void {
  if (id === CITY_PLACE_ID) {
    const b = s.city.home ?? s.city.extent;
    if (b) s.requestFocus([[b[0], b[1]], [b[2], b[3]]], CITY_ZOOM);
    return;
  }
  const zone = s.zones.find((z) => z.id === id);
  const bounds = zone ? boundsOf(zoneRings(zone).flat()) : null;
  if (bounds) s.requestFocus(bounds, DISTRICT_ZOOM);
}

function chooseAlarm(id: string, s: AppState): void {
  const alarm = shownAlarms(s).get(id) ?? s.alarms.get(id);
  if (!alarm) return;
  focusAlarm(alarm);
  // In replay the list shows the frame's alarms, whatever the view.
  if (!s.replay) s.setAlarmQuery({ view: alarmViewOf(alarm, s), offset: 0 });
  s.setDrawerTab('alarms');
  reveal(`[data-testid="alarm-row"][data-alarm-id="${CSS.escape(id)}"]`);
}

function chooseRule(id: string, s: AppState): void {
  const rule = s.rules.get(id);
  if (!rule) return;
  s.setDrawerTab('rules');
  reveal(`[data-testid="rule-row"][data-rule-id="${CSS.escape(id)}"]`);
  // A supervisor edits rules: the rule opens in the editor (a broken one is repaired from the Rules tab).
  if (isSupervisor(s) && rule.rule && !s.editor) {
    const form = fromRule(rule.rule, s.registry, s.city.timeZone);
    if (form.ok) s.openEditor(form.form, rule.id);
  }
}

export function chooseResult(kind: SearchKind, id: string): void {
  const s = appStore.getState();
  if (kind === 'sensor') focusSensor(id);
  else if (kind === 'place') choosePlace(id, s);
  else if (kind === 'alarm') chooseAlarm(id, s);
  else chooseRule(id, s);
}
