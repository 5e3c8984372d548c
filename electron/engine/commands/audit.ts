/**
 * The audit log for an investigation (issue 10 item 8): pages of rows in words in a feed-time range, searched (an alarm
 * id, or words matching rules, places, users, actions and details), with the true total; one alarm's timeline; every
 * row of a range and search as CSV (no cap). Times in the words are the city's (the feed's zone, else UTC).
 */
import { ApiError, type AuditRow } from '../api';
import { auditDirectory, storedRuleName, type AuditDirectory } from '../audit/names';
import { auditSearch } from '../audit/search';
import { alarmTimeline } from '../audit/alarm-timeline';
import { auditCsvText } from '../audit/csv';
import { auditRowInWords, parseAlarmId } from '../audit/words';
import { recordingNames } from '../../shared/audit-words';
import type { StoredAuditRow } from '../store/store';
import type { EngineParts, HandlersFor } from './types';

/** The names the words use, as the engine knows them now. */
export function auditDirectoryOf(parts: Pick<EngineParts, 'store' | 'state' | 'zones'>): AuditDirectory {
  const rules: { id: string; name: string }[] = [];
  for (const r of parts.store.currentRules()) {
    const name = storedRuleName(r.json);
    if (name !== null) rules.push({ id: r.id, name });
  }
  return auditDirectory({
    rules,
    sensors: parts.state.catalogue(),
    zones: parts.zones,
    registry: parts.state.registry,
    noteSensor: (id) => parts.store.action(id)?.sensorId ?? null,
  });
}

/** The city's zone for times in words. */
export function auditTimeZone(parts: Pick<EngineParts, 'state'>): string {
  return parts.state.city()?.timeZone ?? 'UTC';
}

function checkRange(from: number | undefined, to: number | undefined): void {
  if (from !== undefined && to !== undefined && from > to) throw new ApiError('invalid-params', 'from must not be after to', [{ path: 'to', message: 'must not be before from' }]);
}

export function auditCommands(parts: EngineParts): HandlersFor<'auditPage' | 'alarmTimeline' | 'auditCsv'> {
  /** Rows in words with their detail and the names the words used: the screen words them in its own language. */
  const forScreen = (rows: readonly StoredAuditRow[]): AuditRow[] => {
    const dir = auditDirectoryOf(parts);
    const tz = auditTimeZone(parts);
    return rows.map((r) => {
      const rec = recordingNames(dir);
      return { ...auditRowInWords(r, rec.names, tz), detail: r.detail, names: rec.table };
    });
  };
  return {
    auditPage: (p) => {
      checkRange(p.from, p.to);
      const dir = auditDirectoryOf(parts);
      const search = auditSearch(p.search, dir, p.actionWords);
      const subjects = p.alarmId !== undefined ? (search.subjects && !search.subjects.includes(p.alarmId) ? [] : [p.alarmId]) : search.subjects;
      const { rows, total } = parts.store.auditQuery({ from: p.from, to: p.to, subjects, terms: search.terms, offset: p.offset, limit: p.limit });
      return { rows: forScreen(rows), total, offset: p.offset };
    },
    alarmTimeline: (p) => {
      if (!parseAlarmId(p.id)) throw new ApiError('invalid-params', `${p.id} is not an alarm id`, [{ path: 'id', message: 'not an alarm id (rule|subject|raisedAt)' }]);
      const { rows } = parts.store.auditQuery({ subjects: [p.id], oldestFirst: true });
      const alarm = parts.store.alarm(p.id);
      if (rows.length === 0 && alarm === null) throw new ApiError('not-found', `no alarm ${p.id} in the cache`);
      const worded = forScreen(rows);
      return { alarm, entries: alarmTimeline(worded), rows: worded };
    },
    auditCsv: (p) => {
      checkRange(p.from, p.to);
      const dir = auditDirectoryOf(parts);
      const tz = auditTimeZone(parts);
      const search = auditSearch(p.search, dir, p.actionWords);
      const { rows } = parts.store.auditQuery({ from: p.from, to: p.to, ...search, oldestFirst: true });
      return { filename: auditCsvFilename(p.from, p.to), csv: auditCsvText(rows.map((r) => auditRowInWords(r, dir, tz)), tz) };
    },
  };
}

/** "citydesk-audit-2014-08-01T0800Z-to-2014-08-02T0800Z.csv" (UTC in the name: a file name is not shown in a zone). */
function auditCsvFilename(from: number | undefined, to: number | undefined): string {
  const stamp = (ms: number | undefined): string => (ms === undefined ? 'all' : new Date(ms).toISOString().slice(0, 16).replace(':', '') + 'Z');
  return from === undefined && to === undefined ? 'citydesk-audit.csv' : `citydesk-audit-${stamp(from)}-to-${stamp(to)}.csv`;
}
