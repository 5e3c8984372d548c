/**
 * The audit's search in the chosen language (issue 12 item 11): the rows are worded on the screen in Danish, so the
 * Danish words shown ("tilsidesat", "kvitteret") find them too, as the English words do; the stored English still
 * finds them in either language.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditSearch, searchWords as engineSearchWords } from '../../electron/engine/audit/search';
import { auditPageParams } from '../../renderer/audit/auditQuery';
import { actionVocabularyIn, searchActionWords, searchWords } from '../../renderer/audit/auditWords';
import { setLanguage } from '../../renderer/i18n/i18n';
import { directory, writeFixture } from '../engine/audit/fixture';

afterEach(() => {
  setLanguage('en');
});

function find(search: string, actionWords?: Record<string, string[]>): string[] {
  const fx = writeFixture();
  const q = auditSearch(search, directory(), actionWords);
  return fx.store.auditQuery({ ...q, oldestFirst: true }).rows.map((r) => r.action);
}

describe('the audit search in the chosen language', () => {
  it('splits a search as the engine does', () => {
    for (const s of ['  Tilsidesat  Bruuns ', '"slog alarmlyden fra" ana', 'a b c d e f g h i j k l m n', ''])
      expect(searchWords(s), s).toEqual(engineSearchWords(s));
  });

  it('in English adds nothing: the engine speaks English', () => {
    setLanguage('en');
    expect(searchActionWords('shelved')).toBeUndefined();
    expect(auditPageParams({}, 'shelved', 0)).toEqual({ search: 'shelved', offset: 0, limit: 100 });
  });

  it('in Danish a word shown on the screen names the actions whose Danish words contain it', () => {
    setLanguage('da');
    const vocabulary = actionVocabularyIn();
    expect(vocabulary.get('alarm.shelve')).toBe('tilsidesat');
    expect(vocabulary.get('sound.mute')).toBe('slog alarmlyden fra');
    const words = searchActionWords('Tilsidesat bruuns');
    expect(words?.tilsidesat).toContain('alarm.shelve');
    // A name (data) is the same in every language: the engine finds it by itself.
    expect(words?.bruuns).toBeUndefined();
    expect(searchActionWords('bruuns')).toBeUndefined();
    expect(auditPageParams({}, 'tilsidesat', 0, 100, words)).toEqual({ search: 'tilsidesat', actionWords: words, offset: 0, limit: 100 });
  });

  it('finds the rows by the Danish words shown, and still by the stored English', () => {
    expect(find('tilsidesat')).toEqual([]);
    setLanguage('da');
    const shelved = find('tilsidesat', searchActionWords('tilsidesat'));
    expect(shelved).toContain('alarm.shelve');
    expect(shelved.every((a) => a === 'alarm.shelve' || a === 'alarm.unshelve')).toBe(true);
    expect(find('alarmlyden', searchActionWords('alarmlyden'))).toEqual(['sound.mute']);
    expect(find('kvitteret', searchActionWords('kvitteret'))).toContain('alarm.acknowledge');
    // Every word must still match: a Danish action word and a place's name narrow together.
    const both = find('tilsidesat bruuns', searchActionWords('tilsidesat bruuns'));
    expect(both).toContain('alarm.shelve');
    const english = find('shelved bruuns');
    for (const a of both) expect(english).toContain(a);
    // English typed on a Danish screen finds what it found before.
    expect(find('shelved', searchActionWords('shelved'))).toEqual(find('shelved'));
  });
});
