import { describe, expect, it } from 'vitest';
import { LANGUAGES, LANGUAGE_FILE_PROBLEMS, i18n, setLanguage, t } from '../../../renderer/i18n/i18n';
import { languageProblems, readLanguageFile, REFERENCE_LANGUAGE } from '../../../renderer/i18n/languages';

describe('language files', () => {
  it('every shipped file reads, English first, Danish among them', () => {
    expect(LANGUAGE_FILE_PROBLEMS).toEqual([]);
    expect(LANGUAGES[0]!.id).toBe(REFERENCE_LANGUAGE);
    expect(LANGUAGES.map((l) => l.id)).toContain('da');
  });

  it('every language has exactly the reference keys and placeholders', () => {
    const ref = LANGUAGES.find((l) => l.id === REFERENCE_LANGUAGE)!;
    for (const l of LANGUAGES) expect(languageProblems(ref, l), l.id).toEqual([]);
  });

  it('names what is wrong in a bad file', () => {
    expect(() => readLanguageFile('xx', { common: { a: 'b' } })).toThrow(/xx\.json: _language/);
    expect(() => readLanguageFile('xx', { _language: { name: 'X', locale: 'en-GB' }, common: { a: 3 } })).toThrow(/xx\.json: common.a: expected an object/);
    expect(() => readLanguageFile('Bad Name', {})).toThrow(/language tag/);
    const en = readLanguageFile('en', { _language: { name: 'English', locale: 'en-GB' }, a: { b: 'Hi {{who}}', c: 'x' } });
    const da = readLanguageFile('da', { _language: { name: 'Dansk', locale: 'da-DK' }, a: { b: 'Hej {{name}}', d: 'y' } });
    expect(languageProblems(en, da)).toEqual([
      'da.json: a.b: placeholders {{name}} differ from en.json\'s {{who}}',
      'da.json: a.c: missing',
      'da.json: a.d: not in en.json',
    ]);
  });

  it('switches language live, falls back to English for an unknown one', () => {
    expect(setLanguage('da')).toBeNull();
    expect(t('common.close')).toBe('Luk');
    expect(setLanguage('zz')).toMatch(/no language file "zz\.json"/);
    expect(i18n.language).toBe('en');
    expect(t('common.close')).toBe('Close');
  });
});
