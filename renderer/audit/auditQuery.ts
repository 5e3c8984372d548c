/**
 * The audit view's query, pure: the date range typed as local date-times in the city's zone (either end may be left
 * open), the page, and the words around them. Sent to the engine's auditPage / auditCsv as UTC milliseconds.
 */
import type { AlarmTimelineEntry } from '../../electron/engine/api';
import { parseZonedInput, zonedInputError } from '../time/zonedInput';
import { formatInt } from '../panels/format';
import { t as current, type Translate } from '../i18n/i18n';

/** Rows per page. */
export const AUDIT_PAGE_SIZE = 100;

export type AuditRange = { from?: number; to?: number };

/**
 * The range from the two time fields (the one format, renderer/time/zonedInput.ts; empty = open at that end), or what
 * is wrong with it (`field`: the field it is about).
 */
export function parseAuditRange(fromInput: string, toInput: string, timeZone: string, t: Translate = current): { ok: true; range: AuditRange } | { ok: false; error: string; field?: 'from' | 'to' } {
  const range: AuditRange = {};
  if (fromInput.trim()) {
    const from = parseZonedInput(fromInput, timeZone);
    if (!from.ok) return { ok: false, field: 'from', error: zonedInputError(from.problem, t) };
    range.from = from.at;
  }
  if (toInput.trim()) {
    const to = parseZonedInput(toInput, timeZone);
    if (!to.ok) return { ok: false, field: 'to', error: zonedInputError(to.problem, t) };
    range.to = to.at;
  }
  if (range.from !== undefined && range.to !== undefined && range.from > range.to) return { ok: false, error: t('audit.rangeOrder') };
  return { ok: true, range };
}

/**
 * The engine's parameters for a page. `actionWords`: the actions each search word names in the screen's language
 * (auditWords.ts searchActionWords), so that the words the rows are shown in find them too.
 */
export function auditPageParams(
  range: AuditRange,
  search: string,
  offset: number,
  limit = AUDIT_PAGE_SIZE,
  actionWords?: Record<string, string[]>,
): { from?: number; to?: number; search?: string; actionWords?: Record<string, string[]>; offset: number; limit: number } {
  const s = search.trim();
  return { ...range, ...(s ? { search: s } : {}), ...(s && actionWords ? { actionWords } : {}), offset, limit };
}

/** "101–200 of 1,234", "no rows". */
export function pageLabel(offset: number, shown: number, total: number, t: Translate = current): string {
  if (total === 0) return t('audit.noRows');
  if (shown === 0) return t('audit.noneHere', { total: formatInt(total) });
  return t('audit.pageOf', { from: formatInt(offset + 1), to: formatInt(offset + shown), total: formatInt(total) });
}

/** The offset of the last page. */
export function lastPageOffset(total: number, limit = AUDIT_PAGE_SIZE): number {
  return total === 0 ? 0 : Math.floor((total - 1) / limit) * limit;
}

const KIND_KEY = {
  raised: 'audit.kind.raised',
  acknowledged: 'audit.kind.acknowledged',
  shelved: 'audit.kind.shelved',
  unshelved: 'audit.kind.unshelved',
  cleared: 'audit.kind.cleared',
  resolved: 'audit.kind.resolved',
  escalated: 'audit.kind.escalated',
  'member-raised': 'audit.kind.memberRaised',
  'member-cleared': 'audit.kind.memberCleared',
  commented: 'audit.kind.commented',
  other: 'audit.kind.other',
} as const satisfies Record<AlarmTimelineEntry['kind'], string>;

export function timelineKindText(kind: AlarmTimelineEntry['kind'], t: Translate = current): string {
  return t(KIND_KEY[kind]);
}

/** Who, in words: CityDesk's own transitions are "CityDesk", people's names are theirs (self-declared). */
export function byText(user: string): string {
  return user === 'system' ? 'CityDesk' : user;
}
