/**
 * The words of the shipped sensor types in the operator's language: the locale files' `types` namespace gives, per
 * type id, its label and plural, its metrics' and checks' labels (by id) and its bands' labels (by position: b0, b1,
 * …). A word is used only where the type document still says what the reference language (English) says for it: a
 * council's own type, or its own wording of a shipped one, keeps the document's words (the fallback).
 */
import type { SensorType } from '../../electron/shared/sensor-types/types';
import { currentLanguage, languageById } from './i18n';
import { REFERENCE_LANGUAGE, type Messages } from './languages';

function at(messages: Messages | undefined, path: string[]): string | undefined {
  let node: Messages | string | undefined = messages;
  for (const p of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = node[p];
  }
  return typeof node === 'string' ? node : undefined;
}

/** The word at `path` under `types.<typeId>` in `lang`, when the document says the reference's word; else `own`. */
function word(lang: Messages, ref: Messages | undefined, typeId: string, path: string[], own: string): string {
  const full = ['types', typeId, ...path];
  if (at(ref, full) !== own) return own;
  return at(lang, full) ?? own;
}

/** `type` with its words in the current language (the same object when nothing changes, e.g. in English). */
export function localizeType(type: SensorType, langId: string = currentLanguage().id): SensorType {
  const lang = languageById(langId);
  if (!lang || lang.id === REFERENCE_LANGUAGE) return type;
  const ref = languageById(REFERENCE_LANGUAGE)?.messages;
  const w = (path: string[], own: string) => word(lang.messages, ref, type.id, path, own);
  return {
    ...type,
    label: w(['label'], type.label),
    pluralLabel: w(['pluralLabel'], type.pluralLabel),
    metrics: type.metrics.map((m) => ({ ...m, label: w(['metrics', m.id], m.label) })),
    derived: type.derived.map((m) => ({ ...m, label: w(['metrics', m.id], m.label) })),
    checks: type.checks.map((c) => ({ ...c, label: w(['checks', c.id], c.label) })),
    ...(type.provenanceNote !== undefined ? { provenanceNote: w(['provenanceNote'], type.provenanceNote) } : {}),
    style: { ...type.style, bands: type.style.bands.map((b, i) => ({ ...b, label: w(['bands', `b${i}`], b.label) })) },
  };
}
