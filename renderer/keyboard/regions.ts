/**
 * The screen's regions for F6 / Shift+F6 and the skip links: top bar, layers, map, alarm drawer, sensor panel (or rule
 * editor), timeline, status bar, in that order. Each is found by a selector; a region not on screen is skipped. The
 * cycling is pure (nextRegion); focusRegion puts the focus on the region's first control (the alarm drawer: the alarm
 * the operator is on, else the first alarm). Tested in tests/renderer/map-keys.test.ts.
 */

export interface Region {
  id: 'top' | 'layers' | 'map' | 'alarms' | 'panel' | 'timeline' | 'status';
  label: string;
  selector: string;
}

export const REGIONS: readonly Region[] = [
  { id: 'top', label: 'Top bar', selector: 'header.top-bar' },
  { id: 'layers', label: 'Layers', selector: '.layer-panel' },
  { id: 'map', label: 'Map', selector: '[data-testid=map]' },
  { id: 'alarms', label: 'Alarm drawer', selector: '[data-testid=drawer]' },
  { id: 'panel', label: 'Sensor panel', selector: '[data-testid=sensor-panel], [data-testid=rule-editor]' },
  { id: 'timeline', label: 'Timeline', selector: '[data-testid=timeline-strip]' },
  { id: 'status', label: 'Status bar', selector: '[data-testid=status-bar]' },
];

/**
 * The index of the region `dir` steps from `current` (the region holding the focus; -1: none), among those `present`,
 * wrapping round. -1 when none is present.
 */
export function nextRegion(present: readonly boolean[], current: number, dir: 1 | -1): number {
  const n = present.length;
  if (!present.some(Boolean)) return -1;
  let i = current < 0 ? (dir === 1 ? -1 : n) : current;
  for (let k = 0; k < n; k++) {
    i = (i + dir + n) % n;
    if (present[i]) return i;
  }
  return -1;
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function regionElement(r: Region): HTMLElement | null {
  return document.querySelector<HTMLElement>(r.selector);
}

/** The alarm row's main control: the selected alarm's, else the first listed. */
export function alarmRowControl(selectedAlarmId: string | null): HTMLElement | null {
  const list = document.querySelector<HTMLElement>('[data-testid=alarm-list]');
  if (!list) return null;
  const row = (selectedAlarmId ? list.querySelector<HTMLElement>(`[data-alarm-id="${CSS.escape(selectedAlarmId)}"]`) : null) ?? list.querySelector<HTMLElement>('[data-alarm-id]');
  return row?.querySelector<HTMLElement>('.alarm-main, button') ?? null;
}

/** Focuses the region's first control (the map: its canvas; the drawer: the alarm you are on). False when none. */
export function focusRegion(r: Region, selectedAlarmId: string | null): boolean {
  const el = regionElement(r);
  if (!el) return false;
  const target =
    (r.id === 'alarms' ? alarmRowControl(selectedAlarmId) : null) ??
    (r.id === 'map' ? el.querySelector<HTMLElement>('canvas.maplibregl-canvas') : null) ??
    el.querySelector<HTMLElement>(FOCUSABLE) ??
    el;
  if (target === el && !el.hasAttribute('tabindex')) el.setAttribute('tabindex', '-1');
  target.focus();
  return document.activeElement === target;
}

/** F6 / Shift+F6: the focus to the next / previous region on screen; returns the region reached, or null. */
export function cycleRegion(dir: 1 | -1, selectedAlarmId: string | null): Region | null {
  const els = REGIONS.map(regionElement);
  const active = document.activeElement;
  const current = els.findIndex((el) => el !== null && active !== null && el.contains(active));
  let i = current;
  // A region with nothing to focus is passed over (at most one round).
  for (let k = 0; k < REGIONS.length; k++) {
    i = nextRegion(
      els.map((el) => el !== null),
      i,
      dir,
    );
    if (i < 0 || i === current) return null;
    if (focusRegion(REGIONS[i]!, selectedAlarmId)) return REGIONS[i]!;
  }
  return null;
}
