/**
 * The screen's words in the operator's language (i18next). Every language file in ./locales is bundled and checked at
 * start (languages.ts); the language comes from the settings document (`settings.language`) and follows it live.
 *
 * In components: `const { t } = useT(); … t('alarms.acknowledge')`. Outside React (pure helpers that build text):
 * `t('…')` from this module (it reads the current language). Dates and numbers follow `currentLocale()`.
 */
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { REFERENCE_LANGUAGE, readLanguageFile, type LanguageFile } from './languages';
import type english from './locales/en.json';
import { setDisplayLocale } from '../../electron/shared/zone-time';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];
type PluralBase<K extends string> = K extends `${infer B}_${'zero' | 'one' | 'two' | 'few' | 'many' | 'other'}` ? B : K;
/** Every message key of the reference file (a typo is a type error); plural messages by their base key. */
export type MessageKey = PluralBase<Exclude<Leaves<typeof english>, `_language.${string}`>>;
/** Values for a message's {{placeholders}}; `count` also picks the plural form. */
export type MessageParams = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: MessageParams) => string;

const files = import.meta.glob<{ default: unknown }>('./locales/*.json', { eager: true });

function loadLanguages(): { languages: LanguageFile[]; problems: string[] } {
  const languages: LanguageFile[] = [];
  const problems: string[] = [];
  for (const [path, mod] of Object.entries(files)) {
    const id = path.replace(/^.*\//, '').replace(/\.json$/, '');
    try {
      languages.push(readLanguageFile(id, mod.default));
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  languages.sort((a, b) => (a.id === REFERENCE_LANGUAGE ? -1 : b.id === REFERENCE_LANGUAGE ? 1 : a.name.localeCompare(b.name)));
  return { languages, problems };
}

const loaded = loadLanguages();
/** The languages offered (English first), each from its own file. */
export const LANGUAGES: readonly LanguageFile[] = loaded.languages;
/** Language files that could not be read (shown in the settings menu; the screen falls back to English). */
export const LANGUAGE_FILE_PROBLEMS: readonly string[] = loaded.problems;

const instance = i18next.createInstance();
void instance.use(initReactI18next).init({
  resources: Object.fromEntries(LANGUAGES.map((l) => [l.id, { translation: l.messages }])),
  lng: REFERENCE_LANGUAGE,
  fallbackLng: REFERENCE_LANGUAGE,
  // React escapes what it renders; text is never injected as HTML.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
});

export const i18n = instance;

export function languageById(id: string): LanguageFile | undefined {
  return LANGUAGES.find((l) => l.id === id);
}

/** Switches the words (and the locale of dates and numbers); an unknown id falls back to English and says so. */
export function setLanguage(id: string): string | null {
  const lang = languageById(id);
  void instance.changeLanguage(lang ? lang.id : REFERENCE_LANGUAGE);
  for (const cb of listeners) cb(currentLanguage());
  return lang ? null : `language: no language file "${id}.json": showing English`;
}

export function currentLanguage(): LanguageFile {
  return languageById(instance.language) ?? languageById(REFERENCE_LANGUAGE) ?? { id: 'en', name: 'English', locale: 'en-GB', messages: {} };
}

/** The BCP 47 locale for dates and numbers in the chosen language ("en-GB", "da-DK"). */
export function currentLocale(): string {
  return currentLanguage().locale;
}

const listeners = new Set<(lang: LanguageFile) => void>();
/** Called after every language change (e.g. to switch the locale of shared formatters). Returns the unsubscribe. */
export function onLanguageChange(cb: (lang: LanguageFile) => void): () => void {
  listeners.add(cb);
  return () => listeners.delete(cb);
}

/** Translates outside React, in the current language. */
export const t: Translate = (key, params) => String(instance.t(key, params ?? {}));

/** In components: `t` in the current language; the component re-renders when the language changes. */
export function useT(): { t: Translate; locale: string } {
  const { i18n: inst } = useTranslation();
  return { t, locale: languageById(inst.language)?.locale ?? currentLocale() };
}

/** Follows `settings.language` in the store: switches now and on every change. Returns the unsubscribe. */
export function startLanguageSync(store: {
  getState(): { settings: { language: string } };
  subscribe(cb: (s: { settings: { language: string } }, prev: { settings: { language: string } }) => void): () => void;
}): () => void {
  const problem = setLanguage(store.getState().settings.language);
  if (problem) console.warn(problem);
  for (const p of LANGUAGE_FILE_PROBLEMS) console.warn(p);
  return store.subscribe((s, prev) => {
    if (s.settings.language !== prev.settings.language) {
      const pr = setLanguage(s.settings.language);
      if (pr) console.warn(pr);
    }
  });
}

// Dates and numbers follow the language: the shared time format (and panels/format.ts's numbers) take its locale.
onLanguageChange((lang) => setDisplayLocale(lang.locale));
// The page says which language it is in (screen readers pronounce it, the browser hyphenates it).
onLanguageChange((lang) => {
  if (typeof document !== 'undefined') document.documentElement.lang = lang.id;
});
