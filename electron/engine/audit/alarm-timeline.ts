/**
 * One alarm's life from its audit rows, in feed-time order: raised, acknowledged, shelved, unshelved, escalated,
 * members raised and cleared, cleared, resolved; who, when (the feed time of the event) and why, in words. A clear
 * that resolved an acknowledged alarm (or an acknowledgement that resolved a cleared one) is two steps: it happened
 * twice over, and the investigator looks for both.
 */
import type { AlarmTimelineEntry, AuditRow } from '../api';

const KIND: Record<string, AlarmTimelineEntry['kind']> = {
  'alarm.raise': 'raised',
  'alarm.acknowledge': 'acknowledged',
  'alarm.shelve': 'shelved',
  'alarm.unshelve': 'unshelved',
  'alarm.clear': 'cleared',
  'alarm.resolve': 'resolved',
  'alarm.escalate': 'escalated',
  'alarm.member-raise': 'member-raised',
  'alarm.member-clear': 'member-cleared',
};

/** What the step says: the action in words and its why (a comment, a reason, a message). */
function stepText(row: AuditRow, kind: AlarmTimelineEntry['kind']): string {
  if (kind === 'raised' || kind === 'cleared' || kind === 'resolved' || kind === 'acknowledged') return row.detailText;
  if (kind === 'other') return [row.actionText, row.detailText].filter(Boolean).join(': ');
  const what = kind === 'member-raised' || kind === 'member-cleared' ? '' : row.actionText;
  return [what, row.detailText].filter(Boolean).join(': ');
}

/** `rows`: the alarm's audit rows in words (any order). */
export function alarmTimeline(rows: readonly AuditRow[]): AlarmTimelineEntry[] {
  const sorted = [...rows].sort((a, b) => a.feedAt - b.feedAt || a.id - b.id);
  const out: AlarmTimelineEntry[] = [];
  for (const row of sorted) {
    const kind = KIND[row.action] ?? 'other';
    out.push({ at: row.feedAt, kind, by: row.user, text: stepText(row, kind), auditId: row.id });
    const resolvedToo = (kind === 'cleared' && row.actionText.startsWith('cleared and resolved')) || (kind === 'acknowledged' && row.actionText.includes('(resolved)'));
    if (resolvedToo) out.push({ at: row.feedAt, kind: 'resolved', by: row.user, text: kind === 'cleared' ? 'it had been acknowledged' : 'it had cleared', auditId: row.id });
  }
  return out;
}
