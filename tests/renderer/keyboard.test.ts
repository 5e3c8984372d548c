import { describe, expect, it } from 'vitest';
import { SHORTCUTS, keyAction, nextUnacknowledged, stepAlarm, type KeyContext, type KeyInput } from '../../renderer/alarms/keyboard';

const idle: KeyContext = { typing: false, dialogOpen: false, inList: false, helpOpen: false };
const inList: KeyContext = { ...idle, inList: true };
const act = (key: string, ctx: KeyContext = idle, mods: Partial<KeyInput> = {}) => keyAction({ key, ...mods }, ctx);

describe('keyboard: key to action', () => {
  it.each([
    ['j', 'next'],
    ['J', 'next'],
    ['k', 'previous'],
    ['n', 'nextUnacknowledged'],
    ['a', 'ack'],
    ['A', 'ack'],
    ['s', 'shelve'],
    ['f', 'flyTo'],
    ['m', 'mute'],
    ['e', 'toggleGroup'],
    ['?', 'help'],
  ] as const)('%s → %s anywhere on the page', (key, action) => {
    expect(act(key)).toBe(action);
    expect(act(key, inList)).toBe(action);
  });

  it('arrow keys and Enter act only while the alarm list has focus (elsewhere they scroll, pan or click)', () => {
    expect(act('ArrowDown')).toBeNull();
    expect(act('ArrowUp')).toBeNull();
    expect(act('Enter')).toBeNull();
    expect(act('ArrowDown', inList)).toBe('next');
    expect(act('ArrowUp', inList)).toBe('previous');
    expect(act('Enter', inList)).toBe('toggleGroup');
  });

  it('nothing fires while typing in a field or while a dialog is open', () => {
    for (const s of SHORTCUTS) {
      for (const key of s.keys) {
        expect(act(key, { ...inList, typing: true })).toBeNull();
        expect(act(key, { ...inList, dialogOpen: true })).toBeNull();
      }
    }
  });

  it('nothing fires with Ctrl, Cmd or Alt held (the browser and the OS keep their shortcuts)', () => {
    expect(act('a', idle, { ctrlKey: true })).toBeNull();
    expect(act('f', idle, { metaKey: true })).toBeNull();
    expect(act('j', idle, { altKey: true })).toBeNull();
  });

  it('with the help overlay open only ? and Esc act, and both close it', () => {
    const help = { ...idle, helpOpen: true };
    expect(act('?', help)).toBe('close');
    expect(act('Escape', help)).toBe('close');
    expect(act('a', help)).toBeNull();
    expect(act('j', help)).toBeNull();
    // Esc without the overlay is not ours (dialogs and the map have their own).
    expect(act('Escape')).toBeNull();
  });

  it('other keys do nothing', () => {
    for (const key of ['x', 'h', 'Tab', ' ', 'ArrowLeft', '1']) expect(act(key, inList)).toBeNull();
  });

  it('every action has a shortcut described for the help overlay, and no key means two things', () => {
    const actions = new Set(SHORTCUTS.map((s) => s.action));
    for (const a of ['next', 'previous', 'nextUnacknowledged', 'ack', 'shelve', 'flyTo', 'mute', 'toggleGroup', 'help', 'close'] as const) expect(actions.has(a)).toBe(true);
    for (const s of SHORTCUTS) expect(s.description.length).toBeGreaterThan(5);
    const keys = SHORTCUTS.flatMap((s) => s.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('keyboard: moving through the list', () => {
  const order = ['a', 'b', 'c'];
  it('steps forward and back without wrapping', () => {
    expect(stepAlarm(order, 'a', 1)).toBe('b');
    expect(stepAlarm(order, 'b', -1)).toBe('a');
    expect(stepAlarm(order, 'c', 1)).toBe('c');
    expect(stepAlarm(order, 'a', -1)).toBe('a');
  });

  it('from nothing (or an alarm no longer listed) next is the first and previous the last', () => {
    expect(stepAlarm(order, null, 1)).toBe('a');
    expect(stepAlarm(order, null, -1)).toBe('c');
    expect(stepAlarm(order, 'gone', 1)).toBe('a');
    expect(stepAlarm(order, 'gone', -1)).toBe('c');
    expect(stepAlarm([], null, 1)).toBeNull();
  });

  it('next unacknowledged skips acknowledged and resolved alarms and wraps round', () => {
    const list = [
      { id: 'a', state: 'active', acknowledged: null },
      { id: 'b', state: 'acknowledged', acknowledged: { by: 'x' } },
      { id: 'c', state: 'resolved', acknowledged: null },
      { id: 'd', state: 'cleared', acknowledged: null },
    ];
    expect(nextUnacknowledged(list, null)).toBe('a');
    expect(nextUnacknowledged(list, 'a')).toBe('d');
    expect(nextUnacknowledged(list, 'b')).toBe('d');
    expect(nextUnacknowledged(list, 'd')).toBe('a');
    expect(nextUnacknowledged([list[0]!], 'a')).toBeNull();
    expect(nextUnacknowledged([list[1]!, list[2]!], null)).toBeNull();
  });
});
