/**
 * Matching a typed query against search entries, and ranking: a field that is the query scores above one that starts
 * with it, above one with a word starting with it, above one merely containing it; every word of the query must match
 * somewhere in the entry (in any order). Fields weigh differently (a sensor's name more than its type). Ties go to the
 * entry's own order (an alarm's priority), then the shorter title, then the title alphabetically. Pure.
 */
import { foldForms } from './fold';

export type SearchKind = 'sensor' | 'place' | 'alarm' | 'rule';
export const SEARCH_KINDS: readonly SearchKind[] = ['sensor', 'place', 'alarm', 'rule'];

/** One searchable field of an entry: its folded forms and how much a match in it counts. */
export interface SearchField {
  forms: readonly string[];
  weight: number;
}

export interface SearchEntry {
  kind: SearchKind;
  /** The sensor id, zone id, alarm id or rule id. */
  id: string;
  title: string;
  /** A line of context: type and street, priority and place, etc. */
  detail: string;
  /** Ranked before higher numbers when the match is as good (an urgent alarm before a low one). */
  order: number;
  fields: readonly SearchField[];
  /** Every form of every field, joined: a quick test that a word occurs at all before scoring the fields. */
  haystack: string;
  /** Marks shown beside the title (a flagged sensor, a broken rule): never dropped from the results. */
  marks?: readonly string[];
}

/** How well one folded query word matches one folded field: 4 the whole field, 3 its start, 2 a word's start, 1 inside. */
export function wordScore(word: string, field: string): number {
  if (field === word) return 4;
  if (field.startsWith(word)) return 3;
  if (field.includes(` ${word}`)) return 2;
  return field.includes(word) ? 1 : 0;
}

/** A field of an entry from its text (texts that fold to nothing give no field). */
export function field(text: string | number | null | undefined, weight: number): SearchField | null {
  if (text === null || text === undefined) return null;
  const forms = foldForms(String(text));
  return forms.length ? { forms, weight } : null;
}

/** An entry with its haystack, from its fields (nulls left out). */
export function entry(e: Omit<SearchEntry, 'fields' | 'haystack'>, fields: readonly (SearchField | null)[]): SearchEntry {
  const kept = fields.filter((f): f is SearchField => f !== null);
  return { ...e, fields: kept, haystack: kept.flatMap((f) => f.forms).join('\u0001') };
}

/** A typed query, folded: per word, its forms. */
export interface FoldedQuery {
  words: readonly (readonly string[])[];
}

export function foldQuery(text: string): FoldedQuery {
  const forms = foldForms(text);
  if (!forms.length) return { words: [] };
  const split = forms.map((f) => f.split(' '));
  return { words: split[0]!.map((_, i) => [...new Set(split.map((s) => s[i]!))]) };
}

/** The entry's score for the query: 0 when some word matches nowhere. */
export function scoreEntry(e: SearchEntry, q: FoldedQuery): number {
  let total = 0;
  for (const forms of q.words) {
    if (!forms.some((w) => e.haystack.includes(w))) return 0;
    let best = 0;
    for (const f of e.fields) {
      for (const text of f.forms) {
        for (const w of forms) {
          const s = wordScore(w, text) * f.weight;
          if (s > best) best = s;
        }
      }
    }
    if (best === 0) return 0;
    total += best;
  }
  return total;
}

export interface SearchHit {
  entry: SearchEntry;
  score: number;
}

export interface SearchGroup {
  kind: SearchKind;
  hits: readonly SearchHit[];
  /** How many entries of this kind matched (hits holds the best `limit`). */
  total: number;
}

const collator = new Intl.Collator('da');

function compareHits(a: SearchHit, b: SearchHit): number {
  return b.score - a.score || a.entry.order - b.entry.order || a.entry.title.length - b.entry.title.length || collator.compare(a.entry.title, b.entry.title);
}

/** Puts a hit into `best` (sorted, at most `limit` long) if it is among the best so far. */
function keepBest(best: SearchHit[], hit: SearchHit, limit: number): void {
  if (best.length === limit && compareHits(hit, best[limit - 1]!) >= 0) return;
  let i = best.length;
  while (i > 0 && compareHits(hit, best[i - 1]!) < 0) i--;
  best.splice(i, 0, hit);
  if (best.length > limit) best.pop();
}

/** One kind's matches: the best `limit` in order, how many matched, and all of them (to narrow a longer query). */
export function matchKind(entries: readonly SearchEntry[], q: FoldedQuery, limit: number): { hits: SearchHit[]; total: number; matched: SearchEntry[] } {
  const hits: SearchHit[] = [];
  const matched: SearchEntry[] = [];
  const cap = Math.max(1, limit);
  for (const e of entries) {
    const score = scoreEntry(e, q);
    if (score === 0) continue;
    matched.push(e);
    keepBest(hits, { entry: e, score }, cap);
  }
  return { hits, total: matched.length, matched };
}

/**
 * Per kind, the best `limits[kind]` matches (best first) and how many matched; kinds without a match are left out.
 * One pass over the entries; only the best few are kept in order (no sort of every match).
 */
export function searchEntries(entries: Readonly<Record<SearchKind, readonly SearchEntry[]>>, text: string, limits: Readonly<Record<SearchKind, number>>): SearchGroup[] {
  const q = foldQuery(text);
  if (!q.words.length) return [];
  const groups: SearchGroup[] = [];
  for (const kind of SEARCH_KINDS) {
    const { hits, total } = matchKind(entries[kind], q, limits[kind]);
    if (total > 0) groups.push({ kind, hits, total });
  }
  return groups;
}
