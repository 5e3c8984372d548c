/**
 * What the timeline says under the pointer, in words (pure): the time, the alarm marked there, the operator actions,
 * a re-run's difference, a recorded gap and the readings per minute, in the operator's language (the rule, place,
 * action and gap reason are the data's own words).
 */
import type { ReplayDiff, TimelineData } from '../../electron/engine/api';
import type { TimelineView } from '../store';
import { formatFeedRange, formatFeedTime, formatNumber, gapScopeText } from '../panels/format';
import { t } from '../i18n/i18n';
import { actionsAt, alarmAt, alarmsNear, densityColumns, diffAt } from './timelineBins';
import { xToTime } from './timelineScale';

/** Lines of the tooltip: the first is the time under the pointer. */
export function tooltipLines(data: TimelineData | null, diff: ReplayDiff | null, view: TimelineView, width: number, x: number, timeZone: string, sensorName?: (id: string) => string | undefined): string[] {
  const at = xToTime(x, view, width);
  const lines = [formatFeedTime(Math.round(at / 1000) * 1000, timeZone)];
  if (!data) return lines;
  const a = alarmAt(data.alarms, view, width, x);
  if (a) {
    const end =
      a.clearedAt !== null
        ? t('replay.tip.cleared', { time: formatFeedTime(a.clearedAt, timeZone) })
        : a.resolvedAt !== null
          ? t('replay.tip.resolved', { time: formatFeedTime(a.resolvedAt, timeZone) })
          : t('replay.tip.stillOpen');
    const more = alarmsNear(data.alarms, view, width, x) - 1;
    lines.push(
      t('replay.tip.alarm', {
        severity: t(`alarms.severity.${a.severity}`),
        rule: a.ruleName,
        subject: a.subjectName,
        raised: formatFeedTime(a.raisedAt, timeZone),
        end,
        ack: a.acknowledgedAt !== null ? t('replay.tip.acknowledged', { time: formatFeedTime(a.acknowledgedAt, timeZone) }) : '',
        more: more > 0 ? t('replay.tip.moreHere', { count: more }) : '',
      }),
    );
  }
  const acts = actionsAt(data.actions, view, width, x);
  for (const act of acts.slice(0, 4)) lines.push(`${formatFeedTime(act.at, timeZone)}: ${act.text}`);
  if (acts.length > 4) lines.push(t('replay.tip.moreActions', { count: acts.length - 4 }));
  if (diff) {
    for (const d of diffAt(diff.added, view, width, x).slice(0, 3)) lines.push(t('replay.tip.added', { rule: d.ruleName, subject: d.subjectName, time: formatFeedTime(d.at, timeZone), message: d.message }));
    for (const d of diffAt(diff.missed, view, width, x).slice(0, 3)) lines.push(t('replay.tip.missed', { rule: d.ruleName, subject: d.subjectName, time: formatFeedTime(d.at, timeZone) }));
  }
  const gaps = data.gaps.filter((g) => g.from <= at && g.to >= at);
  for (const g of gaps.slice(0, 3)) lines.push(t('replay.tip.gap', { scope: gapScopeText(g.scope, sensorName), range: formatFeedRange(g.from, g.to, timeZone), reason: g.reason }));
  if (gaps.length > 3) lines.push(t('replay.tip.moreGaps', { count: gaps.length - 3 }));
  const { perMinute } = densityColumns(data.density, data.from, view, width);
  const v = perMinute[Math.floor(x)];
  if (v !== undefined && !Number.isNaN(v)) lines.push(v === 0 ? t('replay.tip.noReadings') : t('replay.tip.perMinute', { n: v < 10 ? formatNumber(v, { decimals: 1 }) : formatNumber(Math.round(v)) }));
  return lines;
}
