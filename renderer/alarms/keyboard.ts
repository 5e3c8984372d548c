/**
 * The operator's keyboard, as pure functions (no DOM, no store): which key does what, when keys are ignored (typing
 * in a field, a dialog open, a modifier held), and moving through the alarm list. AlarmKeyboard.tsx wires it to the
 * window; HelpOverlay.tsx and the README list SHORTCUTS. Tested in tests/renderer/keyboard.test.ts.
 */

export type KeyActionType =
  | 'next'
  | 'previous'
  | 'nextUnacknowledged'
  | 'ack'
  | 'resolve'
  | 'comment'
  | 'shelve'
  | 'unshelve'
  | 'flyTo'
  | 'mute'
  | 'toggleGroup'
  | 'nextSensor'
  | 'previousSensor'
  | 'sensorNorth'
  | 'sensorSouth'
  | 'sensorWest'
  | 'sensorEast'
  | 'clearSensor'
  | 'nextRegion'
  | 'previousRegion'
  | 'firstAlarm'
  | 'settings'
  | 'live'
  | 'help'
  | 'close';

/** The help overlay's sections. */
export type ShortcutGroup = 'alarms' | 'map' | 'moving' | 'desk';
export const GROUP_TITLE: Record<ShortcutGroup, string> = {
  alarms: 'The alarm you are on',
  map: 'Map selection',
  moving: 'Moving around the screen',
  desk: 'The desk',
};

export interface Shortcut {
  action: KeyActionType;
  /** `KeyboardEvent.key` values that trigger it (letters in lower case; Shift+letter is the same key). */
  keys: readonly string[];
  /** Only while the focus is inside the alarm list (arrow keys: elsewhere they scroll or pan). */
  listOnly?: boolean;
  /**
   * Shift must be held (true). A named key (an arrow, F6, Enter) without this flag fires only without Shift; a
   * character key ignores Shift (Shift+A is A, ? is Shift+/).
   */
  shift?: boolean;
  /** Also while the focus is in a text field (F6 leaves the field for the next region). */
  evenTyping?: boolean;
  group: ShortcutGroup;
  /** As the help overlay shows the keys. */
  label: string;
  description: string;
}

/** Every shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { group: 'alarms', action: 'firstAlarm', keys: ['g'], label: 'G', description: 'Go to the first alarm in the list (the focus goes there)' },
  { group: 'alarms', action: 'next', keys: ['j'], label: 'J', description: 'Next alarm in the list' },
  { group: 'alarms', action: 'previous', keys: ['k'], label: 'K', description: 'Previous alarm in the list' },
  { group: 'alarms', action: 'next', keys: ['ArrowDown'], listOnly: true, label: '↓', description: 'Next alarm (while the alarm list has focus)' },
  { group: 'alarms', action: 'previous', keys: ['ArrowUp'], listOnly: true, label: '↑', description: 'Previous alarm (while the alarm list has focus)' },
  { group: 'alarms', action: 'nextUnacknowledged', keys: ['n'], label: 'N', description: 'Next alarm that nobody has acknowledged yet' },
  { group: 'alarms', action: 'ack', keys: ['a'], label: 'A', description: 'Acknowledge the alarm (a comment is optional; Enter confirms)' },
  { group: 'alarms', action: 'resolve', keys: ['r'], label: 'R', description: 'Resolve a cleared alarm (a comment is optional; Enter confirms)' },
  { group: 'alarms', action: 'comment', keys: ['c'], label: 'C', description: "Comment: a note on the alarm's sensor, or on the desk for a district or source (logged)" },
  { group: 'alarms', action: 'shelve', keys: ['s'], label: 'S', description: 'Shelve the alarm: for how long, and why' },
  { group: 'alarms', action: 'unshelve', keys: ['u'], label: 'U', description: 'Unshelve a shelved alarm (it rings again if it waits)' },
  { group: 'alarms', action: 'flyTo', keys: ['f'], label: 'F', description: "Fly the map to the alarm's subject (every member of a group)" },
  { group: 'alarms', action: 'toggleGroup', keys: ['e', 'Enter'], label: 'E / Enter', description: 'Expand or collapse a group alarm' },
  { group: 'alarms', action: 'mute', keys: ['m'], label: 'M', description: 'Mute the alarm sound (with a reason, which is logged)' },
  { group: 'map', action: 'nextSensor', keys: [']'], label: ']', description: 'Select the next sensor shown on the map (by type, then name); the map follows' },
  { group: 'map', action: 'previousSensor', keys: ['['], label: '[', description: 'Select the previous sensor shown on the map' },
  { group: 'map', action: 'sensorNorth', keys: ['ArrowUp'], shift: true, label: 'Shift + ↑', description: 'Select the nearest sensor north of the selected one (up on the map)' },
  { group: 'map', action: 'sensorSouth', keys: ['ArrowDown'], shift: true, label: 'Shift + ↓', description: 'Select the nearest sensor to the south' },
  { group: 'map', action: 'sensorWest', keys: ['ArrowLeft'], shift: true, label: 'Shift + ←', description: 'Select the nearest sensor to the west' },
  { group: 'map', action: 'sensorEast', keys: ['ArrowRight'], shift: true, label: 'Shift + →', description: 'Select the nearest sensor to the east' },
  { group: 'map', action: 'clearSensor', keys: ['x'], label: 'X', description: 'Clear the sensor selection (closes its panel)' },
  { group: 'moving', action: 'nextRegion', keys: ['F6'], evenTyping: true, label: 'F6', description: 'Next region: top bar, layers, map, alarm drawer, sensor panel, status bar' },
  { group: 'moving', action: 'previousRegion', keys: ['F6'], shift: true, evenTyping: true, label: 'Shift + F6', description: 'Previous region' },
  { group: 'desk', action: 'settings', keys: [','], label: ',', description: 'Settings: palette, layout, alarm sound' },
  { group: 'desk', action: 'live', keys: ['l'], label: 'L', description: 'Replay: back to live (as the “Back to live” button; not for a read-only incident pack)' },
  { group: 'desk', action: 'help', keys: ['?'], label: '?', description: 'Show or hide this list of shortcuts' },
  { group: 'desk', action: 'close', keys: ['Escape'], label: 'Esc', description: 'Close this list, or a dialog' },
];

/**
 * Keys handled elsewhere (by the control that has the focus, or by the map), listed in the help overlay so that every
 * key of the desk is in one place.
 */
export const OTHER_KEYS: readonly { group: ShortcutGroup; label: string; description: string }[] = [
  { group: 'moving', label: 'Tab', description: 'The first stop is “Skip to the first alarm” (then the map, the layers): Enter jumps there' },
  { group: 'desk', label: 'Ctrl+K', description: 'Search sensors, places, alarms and rules: ↑ ↓ choose, Enter goes there, Esc closes' },
  { group: 'map', label: 'H / Home', description: "Map: back to the city's home view" },
  { group: 'map', label: '← → ↑ ↓, + / −', description: 'Map (when it has the focus): pan and zoom' },
  { group: 'moving', label: '← / → , + / −, Home / End', description: 'Timeline (when it has the focus): pan, zoom, oldest data / live edge' },
];

export interface KeyInput {
  key: string;
  shiftKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export interface KeyContext {
  /** The focus is in a text field (input, textarea, select, contenteditable). */
  typing: boolean;
  /** A modal dialog is open (its own keys belong to it). */
  dialogOpen: boolean;
  /** The focus is inside the alarm list. */
  inList: boolean;
  /** The help overlay is open. */
  helpOpen: boolean;
}

/**
 * The action a key press asks for, or null (not a shortcut, or not now). Nothing fires while typing, while a dialog
 * is open, or with Ctrl / Cmd / Alt held (the browser's and the OS's own shortcuts). With the help overlay open only
 * ? and Esc (which close it) act.
 */
export function keyAction(e: KeyInput, ctx: KeyContext): KeyActionType | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (ctx.dialogOpen) return null;
  const named = e.key.length > 1;
  const key = named ? e.key : e.key.toLowerCase();
  const shift = e.shiftKey === true;
  const hit = SHORTCUTS.find((s) => s.keys.includes(key) && (!s.listOnly || ctx.inList) && (s.shift ? shift : !named || !shift));
  if (!hit) return null;
  if (ctx.typing && !hit.evenTyping) return null;
  if (ctx.helpOpen) return hit.action === 'help' || hit.action === 'close' ? 'close' : null;
  // Enter on a focused button is the button's own click; Enter only toggles a group from the list itself.
  if (key === 'Enter' && !ctx.inList) return null;
  return hit.action === 'close' ? null : hit.action;
}

/** The shortcuts of one help section, in order. */
export function shortcutsOf(group: ShortcutGroup): { label: string; description: string }[] {
  return [...SHORTCUTS.filter((s) => s.group === group), ...OTHER_KEYS.filter((k) => k.group === group)].map(({ label, description }) => ({ label, description }));
}

/**
 * The alarm `dir` steps from `current` in `order` (ids as listed). From nothing (or an alarm no longer listed) next
 * is the first and previous the last; the ends do not wrap. Null for an empty list.
 */
export function stepAlarm(order: readonly string[], current: string | null, dir: 1 | -1): string | null {
  if (order.length === 0) return null;
  const i = current === null ? -1 : order.indexOf(current);
  if (i < 0) return dir === 1 ? order[0]! : order[order.length - 1]!;
  return order[Math.min(order.length - 1, Math.max(0, i + dir))]!;
}

/**
 * The next alarm after `current` (wrapping round) that waits for acknowledgement (active or cleared, not
 * acknowledged). Null when none waits.
 */
export function nextUnacknowledged(list: readonly { id: string; state: string; acknowledged: unknown }[], current: string | null): string | null {
  const waits = (a: (typeof list)[number]): boolean => a.acknowledged === null && (a.state === 'active' || a.state === 'cleared');
  const start = current === null ? -1 : list.findIndex((a) => a.id === current);
  for (let k = 1; k <= list.length; k++) {
    const a = list[(start + k + list.length) % list.length]!;
    if (waits(a) && a.id !== current) return a.id;
  }
  return null;
}
