import { describe, expect, it } from 'vitest';
import { GROUP_TITLE, OTHER_KEYS, SHORTCUTS, groupTitle, keyAction, keyHelpText, nextUnacknowledged, shortcutsOf, stepAlarm, type KeyContext, type KeyInput, type ShortcutGroup } from '../../renderer/alarms/keyboard';
import { setLanguage } from '../../renderer/i18n/i18n';

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
    ['r', 'resolve'],
    ['c', 'comment'],
    ['u', 'unshelve'],
    ['g', 'firstAlarm'],
    [']', 'nextSensor'],
    ['[', 'previousSensor'],
    ['x', 'clearSensor'],
    [',', 'settings'],
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

  it('nothing fires while typing in a field (but F6, which leaves it) or while a dialog is open', () => {
    for (const s of SHORTCUTS) {
      for (const key of s.keys) {
        const mods = { shiftKey: s.shift === true };
        expect(act(key, { ...inList, typing: true }, mods)).toBe(s.evenTyping ? s.action : null);
        expect(act(key, { ...inList, dialogOpen: true }, mods)).toBeNull();
      }
    }
    expect(SHORTCUTS.filter((s) => s.evenTyping).map((s) => s.action)).toEqual(['nextRegion', 'previousRegion']);
  });

  it('Shift+arrows select sensors on the map, anywhere (the plain arrows stay the list\'s and the map\'s own)', () => {
    const shift = { shiftKey: true };
    expect(act('ArrowUp', idle, shift)).toBe('sensorNorth');
    expect(act('ArrowDown', idle, shift)).toBe('sensorSouth');
    expect(act('ArrowLeft', idle, shift)).toBe('sensorWest');
    expect(act('ArrowRight', idle, shift)).toBe('sensorEast');
    expect(act('ArrowDown', inList, shift)).toBe('sensorSouth');
    expect(act('ArrowDown', inList)).toBe('next');
    expect(act('ArrowLeft')).toBeNull();
    // Shift with a letter is the same letter (Caps, or a habit); F6 and Shift+F6 go round the regions.
    expect(act('A', idle, shift)).toBe('ack');
    expect(act('F6')).toBe('nextRegion');
    expect(act('F6', idle, shift)).toBe('previousRegion');
    expect(act('Enter', inList, shift)).toBeNull();
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
    for (const key of ['h', 'Tab', ' ', 'ArrowLeft', '1', 'F5']) expect(act(key, inList)).toBeNull();
  });

  it('every action has a shortcut described for the help overlay, and no key means two things', () => {
    const actions = new Set(SHORTCUTS.map((s) => s.action));
    // Every operator action on an alarm, and every map-selection move.
    for (const a of ['next', 'previous', 'nextUnacknowledged', 'firstAlarm', 'ack', 'resolve', 'comment', 'shelve', 'unshelve', 'flyTo', 'mute', 'toggleGroup', 'nextSensor', 'previousSensor', 'sensorNorth', 'sensorSouth', 'sensorWest', 'sensorEast', 'clearSensor', 'nextRegion', 'previousRegion', 'settings', 'live', 'help', 'close'] as const)
      expect(actions.has(a), a).toBe(true);
    for (const s of SHORTCUTS) expect(keyHelpText(s.help).length).toBeGreaterThan(5);
    // A key (with or without Shift, in the list or not) means one thing.
    const keys = SHORTCUTS.flatMap((s) => s.keys.map((k) => `${s.shift ? 'shift+' : ''}${k}${s.listOnly ? '@list' : ''}`));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('the help overlay lists every shortcut and the keys other controls handle, by section', () => {
    const listed = (Object.keys(GROUP_TITLE) as ShortcutGroup[]).flatMap((g) => shortcutsOf(g).map((x) => x.label));
    for (const s of SHORTCUTS) expect(listed).toContain(s.label);
    for (const k of OTHER_KEYS) expect(listed).toContain(k.label);
    expect(listed).toContain('H / Home');
    expect(listed.length).toBe(SHORTCUTS.length + OTHER_KEYS.length);
  });

  it('the help overlay speaks the chosen language; the key caps stay as printed', () => {
    const english = shortcutsOf('alarms');
    expect(english[0]).toEqual({ label: 'G', description: 'Go to the first alarm in the list (the focus goes there)' });
    expect(GROUP_TITLE.alarms).toBe('The alarm you are on');
    try {
      setLanguage('da');
      const danish = shortcutsOf('alarms');
      expect(danish.map((x) => x.label)).toEqual(english.map((x) => x.label));
      expect(danish[0]!.description).toBe('Gå til den første alarm på listen (fokus flyttes dertil)');
      for (const [i, d] of danish.entries()) expect(d.description, d.label).not.toBe(english[i]!.description);
      expect(groupTitle('map')).toBe('Valg på kortet');
      expect(GROUP_TITLE.desk).toBe('Pulten');
    } finally {
      setLanguage('en');
    }
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
