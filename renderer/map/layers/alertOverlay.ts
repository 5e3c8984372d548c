/**
 * The alerting layers for the current state (pure: state in, layers out): the members of the expanded / selected
 * group (the store's highlightedSensorIds), every open alarm's priority symbol and zone (alarmSymbols.ts), the selected
 * alarm's highlight (by its priority), the rule editor's scope (chosen sensors, district, drawn polygon), the areas it
 * groups alarms by, and backtest marks. Drawn above the sensor layers. In replay the caller passes the replayed alarms,
 * shelves and states (the store's shown* selectors).
 */
import type { Layer } from '@deck.gl/core';
import type { AppState } from '../../store';
import { alarmTarget, backtestLayer, drawPolygonLayers, highlightLayers, pickedSensorsLayer, zoneScopeLayers } from './alerts';
import { alarmPlaceTooltip, alarmSymbolData, alarmSymbolLayers, pickedAlarmPlace, selectAlarmAt, summarizeSymbols, type AlarmPlace, type AlarmSymbolSummary } from './alarmSymbols';
import { groupHighlightLayers } from './groupHighlight';
import { mergeAlarmPlaces } from '../cluster/alarmPlaces';
import type { LngLat } from '../../../electron/shared/model';

export type AlertOverlayInput = Pick<
  AppState,
  | 'alarms'
  | 'selectedAlarmId'
  | 'highlightedSensorIds'
  | 'catalogue'
  | 'states'
  | 'zones'
  | 'rules'
  | 'editor'
  | 'mapMode'
  | 'drawPoints'
  | 'backtestMarks'
> &
  /** Shelves (shelved alarms are not drawn) and the actions a click on a symbol takes: the store's (the map passes them). */
  Partial<Pick<AppState, 'shelves' | 'selectAlarm' | 'select' | 'setHighlightedSensors'>>;

const NO_SHELVES: AppState['shelves'] = new Map();

export interface AlertOverlay {
  layers: Layer[];
  /** What is highlighted for the selected alarm (for the e2e hooks): its subject, and the group members shown. */
  highlight: { alarmId: string; sensors: string[]; rings: number; priority: string; members: string[] } | null;
  /** The alarm places (for the e2e hooks), each as drawn from street zoom on; `drawn`: symbols drawn at this zoom. */
  symbols: AlarmSymbolSummary & { drawn: number; drawnAt: LngLat[] };
}

function findZone(zones: AlertOverlayInput['zones'], key: string) {
  const k = key.trim().toLowerCase();
  if (!k) return null;
  return zones.find((z) => z.id.toLowerCase() === k) ?? zones.find((z) => z.name.toLowerCase() === k) ?? null;
}

/** `zoom`: the map's (alarm symbols that would overlap there are drawn as one); null: every place on its own. */
export function alertLayers(s: AlertOverlayInput, zoom: number | null = null): AlertOverlay {
  const layers: Layer[] = [];
  const form = s.editor?.form;
  if (form) {
    if (form.scope === 'district') layers.push(...zoneScopeLayers(findZone(s.zones, form.district)));
    if (form.scope === 'sensors') {
      const l = pickedSensorsLayer(form.sensorIds, s.catalogue);
      if (l) layers.push(l);
    }
    if (s.mapMode === 'draw') layers.push(...drawPolygonLayers(s.drawPoints, false));
    else if (form.scope === 'polygon') layers.push(...drawPolygonLayers(form.polygon, true));
    // The areas the rule groups its alarms by (each drawn like the scope's polygon, with its own layer ids).
    if (form.group.by === 'areas') form.group.areas.forEach((a, i) => layers.push(...drawPolygonLayers(a.polygon, true).map((l) => l.clone({ id: `${l.id}-group-${i}` }))));
    const bt = backtestLayer(s.backtestMarks);
    if (bt) layers.push(bt);
  }
  const alarm = s.selectedAlarmId ? s.alarms.get(s.selectedAlarmId) : undefined;
  layers.push(...groupHighlightLayers(s.highlightedSensorIds, s.catalogue, s.states, alarm?.group?.firstOut ?? null));
  const places = alarmSymbolData({ ...s, shelves: s.shelves ?? NO_SHELVES });
  const symbols = mergeAlarmPlaces(places, zoom);
  const { selectAlarm, select, setHighlightedSensors } = s;
  const onPick = selectAlarm && select && setHighlightedSensors ? (place: AlarmPlace) => selectAlarmAt(place, { selectedAlarmId: s.selectedAlarmId, selectAlarm, select, setHighlightedSensors }, s) : undefined;
  layers.push(...alarmSymbolLayers(symbols, onPick));
  const target = alarm ? alarmTarget(alarm, s) : null;
  if (alarm) layers.push(...highlightLayers(target, alarm.priority));
  const members = [...s.highlightedSensorIds];
  const highlight: AlertOverlay['highlight'] =
    alarm && (target || members.length)
      ? { alarmId: alarm.id, sensors: target?.sensors.map((x) => x.id) ?? [], rings: target?.rings.length ?? 0, priority: alarm.priority, members }
      : null;
  return { layers, highlight, symbols: { ...summarizeSymbols(places), drawn: symbols.places.length, drawnAt: symbols.places.map((p) => p.position) } };
}

/** deck.gl's tooltip for a hovered alarm symbol (null for anything else: sensors have their own tooltip). */
export function alarmSymbolTooltip(object: unknown, s: Pick<AppState, 'catalogue' | 'zones' | 'rules' | 'registry'>): { text: string; className: string } | null {
  const place = pickedAlarmPlace(object);
  return place ? { text: alarmPlaceTooltip(place, s), className: 'alarm-symbol-tooltip' } : null;
}
