/**
 * The alerting layers for the current state (pure: state in, layers out): the selected alarm's highlight, the rule
 * editor's scope (chosen sensors, district, drawn polygon), the areas it groups alarms by, and backtest marks. Drawn
 * above the sensor layers.
 */
import type { Layer } from '@deck.gl/core';
import type { AppState } from '../../store';
import { alarmTarget, backtestLayer, drawPolygonLayers, highlightLayers, pickedSensorsLayer, zoneScopeLayers } from './alerts';

export type AlertOverlayInput = Pick<AppState, 'alarms' | 'selectedAlarmId' | 'catalogue' | 'states' | 'zones' | 'rules' | 'editor' | 'mapMode' | 'drawPoints' | 'backtestMarks'>;

export interface AlertOverlay {
  layers: Layer[];
  /** What is highlighted for the selected alarm (for the e2e hooks). */
  highlight: { alarmId: string; sensors: string[]; rings: number } | null;
}

function findZone(zones: AlertOverlayInput['zones'], key: string) {
  const k = key.trim().toLowerCase();
  if (!k) return null;
  return zones.find((z) => z.id.toLowerCase() === k) ?? zones.find((z) => z.name.toLowerCase() === k) ?? null;
}

export function alertLayers(s: AlertOverlayInput): AlertOverlay {
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
  let highlight: AlertOverlay['highlight'] = null;
  const alarm = s.selectedAlarmId ? s.alarms.get(s.selectedAlarmId) : undefined;
  if (alarm) {
    const target = alarmTarget(alarm, s);
    layers.push(...highlightLayers(target, alarm.severity));
    if (target) highlight = { alarmId: alarm.id, sensors: target.sensors.map((x) => x.id), rings: target.rings.length };
  }
  return { layers, highlight };
}
