/**
 * The languages the screen speaks: one JSON file per language in ./locales (en.json, da.json, …). Adding a language is
 * adding a file: it is found at build time, checked here (errors name the path, e.g. "da.json: alarms.ack: expected a
 * string"), and offered in the settings menu under the name it gives itself.
 *
 * A file is `{ "_language": { "name": "Dansk", "locale": "da-DK" }, "<namespace>": { "<key>": "text", … }, … }`;
 * nested objects are namespaces, strings are messages with {{placeholders}}; plurals use i18next's suffixes
 * (`key_one`, `key_other`, chosen by Intl.PluralRules for the language). `locale` is the BCP 47 tag used for dates and
 * numbers (Intl). English is the reference: every other file must have exactly its keys and placeholders.
 */

export type Messages = { [key: string]: string | Messages };

export interface LanguageFile {
  /** The file's name without .json: the language's id in settings ("en", "da"). */
  id: string;
  /** The language's own name for itself ("Dansk"). */
  name: string;
  /** BCP 47 locale for Intl dates and numbers ("da-DK"). */
  locale: string;
  messages: Messages;
}

export const REFERENCE_LANGUAGE = 'en';

/** Reads one language file's parsed JSON; throws an Error naming the file and the path of the first problem. */
export function readLanguageFile(id: string, doc: unknown): LanguageFile {
  const where = `${id}.json`;
  if (!/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(id)) throw new Error(`${where}: the file name must be a language tag such as "da" or "pt-BR"`);
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw new Error(`${where}: expected an object`);
  const { _language: meta, ...rest } = doc as Record<string, unknown>;
  if (typeof meta !== 'object' || meta === null) throw new Error(`${where}: _language: expected { "name": …, "locale": … }`);
  const { name, locale } = meta as Record<string, unknown>;
  if (typeof name !== 'string' || !name.trim()) throw new Error(`${where}: _language.name: expected the language's name`);
  if (typeof locale !== 'string') throw new Error(`${where}: _language.locale: expected a BCP 47 locale such as "da-DK"`);
  try {
    if (Intl.DateTimeFormat.supportedLocalesOf([locale]).length === 0) throw new Error('not supported');
  } catch {
    throw new Error(`${where}: _language.locale: "${locale}" is not a locale this runtime knows`);
  }
  const check = (node: unknown, path: string): Messages => {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new Error(`${where}: ${path}: expected an object of messages`);
    for (const [k, v] of Object.entries(node)) {
      const p = path ? `${path}.${k}` : k;
      if (typeof v === 'string') continue;
      check(v, p);
    }
    return node as Messages;
  };
  return { id, name: name.trim(), locale, messages: check(rest, '') };
}

/** Every message key of a file, dotted ("alarms.ack"), with its placeholders sorted ("{{count}}" → "count"). */
export function messageKeys(messages: Messages, prefix = ''): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of Object.entries(messages)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, [...new Set([...v.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]!))].sort());
    else for (const [kk, vv] of messageKeys(v, key)) out.set(kk, vv);
  }
  return out;
}

/** The plural base of a key ("alarm_one" → "alarm"): languages may have different plural forms of one message. */
const pluralBase = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, '');

/**
 * What a language file lacks or has too many against the reference, one line each ("da.json: alarms.ack: missing").
 * Plural forms are compared by their base key (Danish and English both use one/other; others may differ).
 */
export function languageProblems(reference: LanguageFile, other: LanguageFile): string[] {
  const ref = messageKeys(reference.messages);
  const got = messageKeys(other.messages);
  const base = (m: Map<string, string[]>) => {
    const b = new Map<string, Set<string>>();
    for (const [k, ph] of m) {
      const set = b.get(pluralBase(k)) ?? new Set<string>();
      ph.forEach((p) => set.add(p));
      b.set(pluralBase(k), set);
    }
    return b;
  };
  const rb = base(ref);
  const gb = base(got);
  const problems: string[] = [];
  for (const [k, ph] of rb) {
    const g = gb.get(k);
    if (!g) {
      problems.push(`${other.id}.json: ${k}: missing`);
      continue;
    }
    const want = [...ph].filter((p) => p !== 'count').sort().join(', ');
    const have = [...g].filter((p) => p !== 'count').sort().join(', ');
    if (want !== have) problems.push(`${other.id}.json: ${k}: placeholders {{${have}}} differ from ${reference.id}.json's {{${want}}}`);
  }
  for (const k of gb.keys()) if (!rb.has(k)) problems.push(`${other.id}.json: ${k}: not in ${reference.id}.json`);
  return problems;
}
