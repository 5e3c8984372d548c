/**
 * When the map's layers must be rebuilt: a change to what the map shows. In replay the live feed keeps arriving
 * underneath (the store's states, alarms and version move on), but the map shows the replayed frame: only a new frame,
 * or a change the operator made, redraws it. (Each redraw costs a full WebGL frame; at 3600x a live delta every few
 * milliseconds would otherwise keep the map redrawing a picture that has not changed.) Pure.
 */
import type { AppState } from '../store';

type Shown = Pick<
  AppState,
  | 'version'
  | 'catalogue'
  | 'registry'
  | 'visible'
  | 'selectedId'
  | 'selectedAlarmId'
  | 'highlightedSensorIds'
  | 'alarms'
  | 'replay'
  | 'zones'
  | 'rules'
  | 'editor'
  | 'mapMode'
  | 'drawPoints'
  | 'backtestMarks'
  | 'shownIncidentArea'
>;

/** Changes that redraw the map live and in replay alike. */
function operatorOrCatalogueChanged(s: Shown, prev: Shown): boolean {
  return (
    s.catalogue !== prev.catalogue ||
    s.registry !== prev.registry ||
    s.visible !== prev.visible ||
    s.selectedId !== prev.selectedId ||
    s.selectedAlarmId !== prev.selectedAlarmId ||
    s.highlightedSensorIds !== prev.highlightedSensorIds ||
    s.zones !== prev.zones ||
    s.rules !== prev.rules ||
    s.editor !== prev.editor ||
    s.mapMode !== prev.mapMode ||
    s.drawPoints !== prev.drawPoints ||
    s.backtestMarks !== prev.backtestMarks ||
    s.shownIncidentArea !== prev.shownIncidentArea
  );
}

export function mapNeedsRedraw(s: Shown, prev: Shown): boolean {
  if ((s.replay === null) !== (prev.replay === null)) return true;
  if (operatorOrCatalogueChanged(s, prev)) return true;
  if (s.replay && prev.replay) return s.replay.frame !== prev.replay.frame || s.replay.diff !== prev.replay.diff;
  return s.version !== prev.version || s.alarms !== prev.alarms;
}
