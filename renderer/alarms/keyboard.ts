/**
 * The operator's keyboard, as pure functions (no DOM, no store): which key does what, when keys are ignored (typing
 * in a field, a dialog open, a modifier held), and moving through the alarm list. AlarmKeyboard.tsx wires it to the
 * window; HelpOverlay.tsx and the README list SHORTCUTS. Tested in tests/renderer/keyboard.test.ts.
 */

export type KeyActionType = 'next' | 'previous' | 'nextUnacknowledged' | 'ack' | 'shelve' | 'flyTo' | 'mute' | 'toggleGroup' | 'live' | 'help' | 'close';

export interface Shortcut {
  action: KeyActionType;
  /** `KeyboardEvent.key` values that trigger it (letters in lower case; Shift+letter is the same key). */
  keys: readonly string[];
  /** Only while the focus is inside the alarm list (arrow keys: elsewhere they scroll or pan). */
  listOnly?: boolean;
  /** As the help overlay shows the keys. */
  label: string;
  description: string;
}

/** Every shortcut, in the order the help overlay lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  { action: 'next', keys: ['j'], label: 'J', description: 'Next alarm in the list' },
  { action: 'previous', keys: ['k'], label: 'K', description: 'Previous alarm in the list' },
  { action: 'next', keys: ['ArrowDown'], listOnly: true, label: '↓', description: 'Next alarm (while the alarm list has focus)' },
  { action: 'previous', keys: ['ArrowUp'], listOnly: true, label: '↑', description: 'Previous alarm (while the alarm list has focus)' },
  { action: 'nextUnacknowledged', keys: ['n'], label: 'N', description: 'Next alarm that nobody has acknowledged yet' },
  { action: 'ack', keys: ['a'], label: 'A', description: 'Acknowledge the alarm (a comment is optional; Enter confirms)' },
  { action: 'shelve', keys: ['s'], label: 'S', description: 'Shelve the alarm: for how long, and why' },
  { action: 'flyTo', keys: ['f'], label: 'F', description: "Fly the map to the alarm's subject (every member of a group)" },
  { action: 'toggleGroup', keys: ['e', 'Enter'], label: 'E / Enter', description: 'Expand or collapse a group alarm' },
  { action: 'mute', keys: ['m'], label: 'M', description: 'Mute the alarm sound (with a reason, which is logged)' },
  { action: 'live', keys: ['l'], label: 'L', description: 'Replay: back to live (as the “Back to live” button; not for a read-only incident pack)' },
  { action: 'help', keys: ['?'], label: '?', description: 'Show or hide this list of shortcuts' },
  { action: 'close', keys: ['Escape'], label: 'Esc', description: 'Close this list, or a dialog' },
];

export interface KeyInput {
  key: string;
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
  if (ctx.typing || ctx.dialogOpen) return null;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  const hit = SHORTCUTS.find((s) => s.keys.includes(key) && (!s.listOnly || ctx.inList));
  if (!hit) return null;
  if (ctx.helpOpen) return hit.action === 'help' || hit.action === 'close' ? 'close' : null;
  // Enter on a focused button is the button's own click; Enter only toggles a group from the list itself.
  if (key === 'Enter' && !ctx.inList) return null;
  return hit.action === 'close' ? null : hit.action;
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
