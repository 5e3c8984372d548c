/**
 * The audit view's query, pure: the date range typed as local date-times in the city's zone (either end may be left
 * open), the page, and the words around them. Sent to the engine's auditPage / auditCsv as UTC milliseconds.
 */
import type { AlarmTimelineEntry } from '../../electron/engine/api';
import { fromZonedInput } from '../kpi/period';
import { formatInt } from '../panels/format';

/** Rows per page. */
export const AUDIT_PAGE_SIZE = 100;

export type AuditRange = { from?: number; to?: number };

/** The range from the two inputs (empty = open at that end), or what is wrong with it. */
export function parseAuditRange(fromInput: string, toInput: string, timeZone: string): { ok: true; range: AuditRange } | { ok: false; error: string } {
  const range: AuditRange = {};
  if (fromInput.trim()) {
    const from = fromZonedInput(fromInput, timeZone);
    if (from === null) return { ok: false, error: 'enter the start as a date and time, or leave it empty' };
    range.from = from;
  }
  if (toInput.trim()) {
    const to = fromZonedInput(toInput, timeZone);
    if (to === null) return { ok: false, error: 'enter the end as a date and time, or leave it empty' };
    range.to = to;
  }
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) return { ok: false, error: 'the range must end after it starts' };
  return { ok: true, range };
}

/** The engine's parameters for a page. */
export function auditPageParams(range: AuditRange, search: string, offset: number, limit = AUDIT_PAGE_SIZE): { from?: number; to?: number; search?: string; offset: number; limit: number } {
  const s = search.trim();
  return { ...range, ...(s ? { search: s } : {}), offset, limit };
}

/** "101–200 of 1,234", "no rows". */
export function pageLabel(offset: number, shown: number, total: number): string {
  if (total === 0) return 'no rows';
  if (shown === 0) return `none here of ${formatInt(total)}`;
  return `${formatInt(offset + 1)}–${formatInt(offset + shown)} of ${formatInt(total)}`;
}

/** The offset of the last page. */
export function lastPageOffset(total: number, limit = AUDIT_PAGE_SIZE): number {
  return total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
}

const KIND_TEXT: Record<AlarmTimelineEntry['kind'], string> = {
  raised: 'Raised',
  acknowledged: 'Acknowledged',
  shelved: 'Shelved',
  unshelved: 'Unshelved',
  cleared: 'Cleared',
  resolved: 'Resolved',
  escalated: 'Escalated',
  'member-raised': 'Member raised',
  'member-cleared': 'Member cleared',
  commented: 'Commented',
  other: 'Also',
};

export function timelineKindText(kind: AlarmTimelineEntry['kind']): string {
  return KIND_TEXT[kind];
}

/** Who, in words: CityDesk's own transitions are "CityDesk", people's names are theirs (self-declared). */
export function byText(user: string): string {
  return user === 'system' ? 'CityDesk' : user;
}
