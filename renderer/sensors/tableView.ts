/**
 * Filtering and sorting the sensor table's rows. Filters: a type, a state (live, stale, never heard, or flagged), and
 * text (every word, accents folded as in the search, in the name, id, place or type). Sorting by any column, either
 * way; rows without a value (empty, never heard) or without an age stay at the end whichever way, listed, never
 * dropped; ties keep a stable order by name. Pure.
 */
import type { Freshness } from '../../electron/shared/model';
import { foldQuery } from '../search/match';
import type { SensorRow } from './sensorRows';

export type SortKey = 'type' | 'name' | 'state' | 'value' | 'age';
export type SortDir = 'asc' | 'desc';
export interface SortSpec {
  key: SortKey;
  dir: SortDir;
}

export type StateFilter = Freshness | 'flagged';
export interface RowFilter {
  /** A type id, or null for all. */
  type: string | null;
  state: StateFilter | null;
  text: string;
}

export const NO_FILTER: RowFilter = { type: null, state: null, text: '' };

/** How bad a row's state is, for sorting: live, live but flagged, stale, never heard. */
export function stateRank(row: Pick<SensorRow, 'state' | 'flags'>): number {
  if (row.state === 'never') return 3;
  if (row.state === 'stale') return 2;
  return row.flags.length ? 1 : 0;
}

export function filterRows(rows: readonly SensorRow[], filter: RowFilter): SensorRow[] {
  const q = foldQuery(filter.text);
  return rows.filter((r) => {
    if (filter.type !== null && r.typeId !== filter.type) return false;
    if (filter.state === 'flagged' ? r.flags.length === 0 : filter.state !== null && r.state !== filter.state) return false;
    return q.words.every((forms) => forms.some((w) => r.haystack.includes(w)));
  });
}

const collator = new Intl.Collator('da', { numeric: true });

/** The sort value of a row for a column; null sorts last whichever way. */
function keyOf(row: SensorRow, key: SortKey): string | number | null {
  switch (key) {
    case 'type':
      return row.typeLabel;
    case 'name':
      return row.name;
    case 'state':
      return stateRank(row);
    case 'value':
      return row.value;
    case 'age':
      return row.ageMs;
  }
}

function compareKeys(a: string | number, b: string | number): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : collator.compare(String(a), String(b));
}

export function sortRows(rows: readonly SensorRow[], sort: SortSpec): SensorRow[] {
  const sign = sort.dir === 'asc' ? 1 : -1;
  const keyed = rows.map((row) => ({ row, k: keyOf(row, sort.key) }));
  keyed.sort((a, b) => {
    if (a.k === null || b.k === null) {
      if (a.k !== b.k) return a.k === null ? 1 : -1;
    } else {
      const c = compareKeys(a.k, b.k);
      if (c !== 0) return sign * c;
    }
    return collator.compare(a.row.name, b.row.name) || collator.compare(a.row.id, b.row.id);
  });
  return keyed.map((x) => x.row);
}

/** Clicking a column: the other way round when it is the current one, else that column (values and ages worst first). */
export function nextSort(current: SortSpec, key: SortKey): SortSpec {
  if (current.key === key) return { key, dir: current.dir === 'asc' ? 'desc' : 'asc' };
  return { key, dir: key === 'state' || key === 'value' || key === 'age' ? 'desc' : 'asc' };
}

/** Counts of what the table holds, for its summary line: how many are empty, flagged, stale, never heard. */
export function rowCounts(rows: readonly SensorRow[]): { total: number; empty: number; flagged: number; stale: number; never: number } {
  let empty = 0;
  let flagged = 0;
  let stale = 0;
  let never = 0;
  for (const r of rows) {
    if (r.state === 'never') never++;
    else if (r.value === null) empty++;
    if (r.flags.length) flagged++;
    if (r.state === 'stale') stale++;
  }
  return { total: rows.length, empty, flagged, stale, never };
}
