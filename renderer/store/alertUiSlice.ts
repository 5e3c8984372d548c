/**
 * UI state of alerting that the map shares with the panels: the drawer's tab, the rule being edited (the form lives
 * here so that clicks on the map can pick sensors and draw the scope polygon), the map's interaction mode, backtest
 * marks, and "fly there" requests.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { LngLat } from '../../electron/shared/model';
import { addCorner, closePolygon, type BacktestMark, type Bounds } from '../map/layers/alerts';
import { withGroupArea, type RuleForm } from '../rules/ruleForm';
import type { AppState } from './index';

export type DrawerTab = 'alarms' | 'rules' | 'audit' | 'kpi' | 'incidents' | 'sensors';
/** 'pick': clicks on sensors add / remove them from the rule's scope; 'draw': clicks add polygon corners. */
export type MapMode = 'normal' | 'pick' | 'draw';
/** What a polygon drawn in 'draw' mode becomes: the rule's scope, one more area of its grouping, or an incident's area. */
export type DrawTarget = 'scope' | 'group-area' | 'incident-area';

export interface FocusRequest {
  seq: number;
  bounds: Bounds;
  /** Zoom cap, so that a single sensor is not shown at street level. */
  maxZoom: number;
}

export interface RuleEditorState {
  form: RuleForm;
  /** The rule being changed (null for a new one). */
  editingId: string | null;
}

export interface AlertUiSlice {
  drawerTab: DrawerTab;
  drawerOpen: boolean;
  editor: RuleEditorState | null;
  mapMode: MapMode;
  /** Corners of the polygon being drawn (not yet closed). */
  drawPoints: readonly LngLat[];
  drawTarget: DrawTarget;
  backtestMarks: readonly BacktestMark[];
  focus: FocusRequest | null;
  setDrawerTab(tab: DrawerTab): void;
  setDrawerOpen(open: boolean): void;
  openEditor(form: RuleForm, editingId: string | null): void;
  closeEditor(): void;
  updateForm(fn: (f: RuleForm) => RuleForm): void;
  /** 'draw' draws for `target` (default: the scope). */
  setMapMode(mode: MapMode, target?: DrawTarget): void;
  /** A click on the map in 'draw' mode. */
  addDrawPoint(p: LngLat): void;
  /** A double-click in 'draw' mode: closes the polygon into the form's scope. Returns false if too few corners. */
  finishDraw(): boolean;
  setBacktestMarks(marks: readonly BacktestMark[]): void;
  requestFocus(bounds: Bounds, maxZoom?: number): void;
}

let focusSeq = 0;

export const createAlertUiSlice: StateCreator<AppState, [], [], AlertUiSlice> = (set, get) => ({
  drawerTab: 'alarms',
  drawerOpen: true,
  editor: null,
  mapMode: 'normal',
  drawPoints: [],
  drawTarget: 'scope',
  backtestMarks: [],
  focus: null,
  setDrawerTab: (drawerTab) => set({ drawerTab, drawerOpen: true }),
  setDrawerOpen: (drawerOpen) => set({ drawerOpen }),
  openEditor: (form, editingId) => set({ editor: { form, editingId }, mapMode: 'normal', drawPoints: [], backtestMarks: [] }),
  closeEditor: () => set({ editor: null, mapMode: 'normal', drawPoints: [], backtestMarks: [] }),
  updateForm: (fn) =>
    set((s) => {
      if (!s.editor) return s;
      const form = fn(s.editor.form);
      return form === s.editor.form ? s : { editor: { ...s.editor, form } };
    }),
  setMapMode: (mapMode, target = 'scope') => set((s) => ({ mapMode, drawPoints: mapMode === 'draw' ? [] : s.drawPoints, drawTarget: mapMode === 'draw' ? target : s.drawTarget })),
  addDrawPoint: (p) => set((s) => ({ drawPoints: addCorner(s.drawPoints, p) })),
  finishDraw: () => {
    const s = get();
    const polygon = closePolygon(s.drawPoints);
    if (polygon && s.drawTarget === 'incident-area') {
      set({ drawnIncidentArea: polygon, drawPoints: [], mapMode: 'normal', drawTarget: 'scope' });
      return true;
    }
    if (!polygon || !s.editor) return false;
    const form = s.drawTarget === 'group-area' ? withGroupArea(s.editor.form, polygon) : { ...s.editor.form, scope: 'polygon' as const, polygon };
    set({ editor: { ...s.editor, form }, drawPoints: [], mapMode: 'normal', drawTarget: 'scope' });
    return true;
  },
  setBacktestMarks: (backtestMarks) => set({ backtestMarks }),
  requestFocus: (bounds, maxZoom = 15) => set({ focus: { seq: ++focusSeq, bounds, maxZoom } }),
});
