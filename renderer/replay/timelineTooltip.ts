/**
 * What the timeline says under the pointer, in words (pure): the time, the alarm marked there, the operator actions,
 * a re-run's difference, a recorded gap and the readings per minute.
 */
import type { ReplayDiff, TimelineData } from '../../electron/engine/api';
import { SEVERITY_LABEL } from '../../electron/shared/severity';
import type { TimelineView } from '../store';
import { formatFeedRange, formatFeedTime, gapScopeText } from '../panels/format';
import { actionsAt, alarmAt, alarmsNear, densityColumns, diffAt } from './timelineBins';
import { xToTime } from './timelineScale';

/** Lines of the tooltip: the first is the time under the pointer. */
export function tooltipLines(data: TimelineData | null, diff: ReplayDiff | null, view: TimelineView, width: number, x: number, timeZone: string, sensorName?: (id: string) => string | undefined): string[] {
  const t = xToTime(x, view, width);
  const lines = [formatFeedTime(Math.round(t / 1000) * 1000, timeZone)];
  if (!data) return lines;
  const a = alarmAt(data.alarms, view, width, x);
  if (a) {
    const end = a.clearedAt !== null ? `cleared ${formatFeedTime(a.clearedAt, timeZone)}` : a.resolvedAt !== null ? `resolved ${formatFeedTime(a.resolvedAt, timeZone)}` : 'still open';
    const more = alarmsNear(data.alarms, view, width, x) - 1;
    lines.push(`${SEVERITY_LABEL[a.severity]}: ${a.ruleName} at ${a.subjectName}, raised ${formatFeedTime(a.raisedAt, timeZone)}, ${end}${a.acknowledgedAt !== null ? `, acknowledged ${formatFeedTime(a.acknowledgedAt, timeZone)}` : ''}${more > 0 ? ` (and ${more} more here)` : ''}. Click to replay it.`);
  }
  const acts = actionsAt(data.actions, view, width, x);
  for (const act of acts.slice(0, 4)) lines.push(`${formatFeedTime(act.at, timeZone)}: ${act.text}`);
  if (acts.length > 4) lines.push(`and ${acts.length - 4} more actions here`);
  if (diff) {
    for (const d of diffAt(diff.added, view, width, x).slice(0, 3)) lines.push(`+ the re-run would have raised ${d.ruleName} at ${d.subjectName} (${formatFeedTime(d.at, timeZone)}): ${d.message}`);
    for (const d of diffAt(diff.missed, view, width, x).slice(0, 3)) lines.push(`− recorded, the re-run would not raise: ${d.ruleName} at ${d.subjectName} (${formatFeedTime(d.at, timeZone)})`);
  }
  const gaps = data.gaps.filter((g) => g.from <= t && g.to >= t);
  for (const g of gaps.slice(0, 3)) lines.push(`Gap in the recording (${gapScopeText(g.scope, sensorName)}), ${formatFeedRange(g.from, g.to, timeZone)}: ${g.reason}`);
  if (gaps.length > 3) lines.push(`and ${gaps.length - 3} more gaps here`);
  const { perMinute } = densityColumns(data.density, data.from, view, width);
  const v = perMinute[Math.floor(x)];
  if (v !== undefined && !Number.isNaN(v)) lines.push(v === 0 ? 'no readings recorded here' : `about ${v < 10 ? v.toFixed(1) : Math.round(v)} readings a minute`);
  return lines;
}
