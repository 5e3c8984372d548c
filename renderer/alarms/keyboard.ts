/**
 * The operator's keyboard, as pure functions (no DOM, no store): which key does what, when keys are ignored (typing
 * in a field, a dialog open, a modifier held), and moving through the alarm list. AlarmKeyboard.tsx wires it to the
 * window; HelpOverlay.tsx and the README list SHORTCUTS. Tested in tests/renderer/keyboard.test.ts.
 * The words (section titles, what each key does) are in the language files (keys.group.*, keys.help.*); the key caps
 * (label) are printed the same on every keyboard.
 */
import { t as current, type Translate } from '../i18n/i18n';

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
/** A section's title in the current language. */
export function groupTitle(g: ShortcutGroup, t: Translate = current): string {
  return t(`keys.group.${g}`);
}
/** The sections' titles (read at use: each read follows the language). */
export const GROUP_TITLE: Readonly<Record<ShortcutGroup, string>> = {
  get alarms() {
    return groupTitle('alarms');
  },
  get map() {
    return groupTitle('map');
  },
  get moving() {
    return groupTitle('moving');
  },
  get desk() {
    return groupTitle('desk');
  },
};

/** What a key does, by its entry in the language files (keys.help.<id>). */
export type KeyHelpId =
  // Every action's own line, and the lines of keys that are not actions of this module (list, page, map, timeline).
  KeyActionType | 'nextInList' | 'previousInList' | 'tab' | 'search' | 'home' | 'mapKeys' | 'timeline';

/** What the key does, in the current language. */
export function keyHelpText(id: KeyHelpId, t: Translate = current): string {
  return t(`keys.help.${id}`);
}

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
  /** As the help overlay shows the keys (key caps: the same in every language). */
  label: string;
  /** What it does (keys.help.<help> in the language files). */
  help: KeyHelpId;
}

/** Every shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { group: 'alarms', action: 'firstAlarm', keys: ['g'], label: 'G', help: 'firstAlarm' },
  { group: 'alarms', action: 'next', keys: ['j'], label: 'J', help: 'next' },
  { group: 'alarms', action: 'previous', keys: ['k'], label: 'K', help: 'previous' },
  { group: 'alarms', action: 'next', keys: ['ArrowDown'], listOnly: true, label: '↓', help: 'nextInList' },
  { group: 'alarms', action: 'previous', keys: ['ArrowUp'], listOnly: true, label: '↑', help: 'previousInList' },
  { group: 'alarms', action: 'nextUnacknowledged', keys: ['n'], label: 'N', help: 'nextUnacknowledged' },
  { group: 'alarms', action: 'ack', keys: ['a'], label: 'A', help: 'ack' },
  { group: 'alarms', action: 'resolve', keys: ['r'], label: 'R', help: 'resolve' },
  { group: 'alarms', action: 'comment', keys: ['c'], label: 'C', help: 'comment' },
  { group: 'alarms', action: 'shelve', keys: ['s'], label: 'S', help: 'shelve' },
  { group: 'alarms', action: 'unshelve', keys: ['u'], label: 'U', help: 'unshelve' },
  { group: 'alarms', action: 'flyTo', keys: ['f'], label: 'F', help: 'flyTo' },
  { group: 'alarms', action: 'toggleGroup', keys: ['e', 'Enter'], label: 'E / Enter', help: 'toggleGroup' },
  { group: 'alarms', action: 'mute', keys: ['m'], label: 'M', help: 'mute' },
  { group: 'map', action: 'nextSensor', keys: [']'], label: ']', help: 'nextSensor' },
  { group: 'map', action: 'previousSensor', keys: ['['], label: '[', help: 'previousSensor' },
  { group: 'map', action: 'sensorNorth', keys: ['ArrowUp'], shift: true, label: 'Shift + ↑', help: 'sensorNorth' },
  { group: 'map', action: 'sensorSouth', keys: ['ArrowDown'], shift: true, label: 'Shift + ↓', help: 'sensorSouth' },
  { group: 'map', action: 'sensorWest', keys: ['ArrowLeft'], shift: true, label: 'Shift + ←', help: 'sensorWest' },
  { group: 'map', action: 'sensorEast', keys: ['ArrowRight'], shift: true, label: 'Shift + →', help: 'sensorEast' },
  { group: 'map', action: 'clearSensor', keys: ['x'], label: 'X', help: 'clearSensor' },
  { group: 'moving', action: 'nextRegion', keys: ['F6'], evenTyping: true, label: 'F6', help: 'nextRegion' },
  { group: 'moving', action: 'previousRegion', keys: ['F6'], shift: true, evenTyping: true, label: 'Shift + F6', help: 'previousRegion' },
  { group: 'desk', action: 'settings', keys: [','], label: ',', help: 'settings' },
  { group: 'desk', action: 'live', keys: ['l'], label: 'L', help: 'live' },
  { group: 'desk', action: 'help', keys: ['?'], label: '?', help: 'help' },
  { group: 'desk', action: 'close', keys: ['Escape'], label: 'Esc', help: 'close' },
];

/**
 * Keys handled elsewhere (by the control that has the focus, or by the map), listed in the help overlay so that every
 * key of the desk is in one place.
 */
export const OTHER_KEYS: readonly { group: ShortcutGroup; label: string; help: KeyHelpId }[] = [
  { group: 'moving', label: 'Tab', help: 'tab' },
  { group: 'desk', label: 'Ctrl+K', help: 'search' },
  { group: 'map', label: 'H / Home', help: 'home' },
  { group: 'map', label: '← → ↑ ↓, + / −', help: 'mapKeys' },
  { group: 'moving', label: '← / → , + / −, Home / End', help: 'timeline' },
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

/** The shortcuts of one help section, in order, with what each does in the current language. */
export function shortcutsOf(group: ShortcutGroup, t: Translate = current): { label: string; description: string }[] {
  return [...SHORTCUTS.filter((s) => s.group === group), ...OTHER_KEYS.filter((k) => k.group === group)].map(({ label, help }) => ({ label, description: keyHelpText(help, t) }));
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
