/**
 * The wall's alarm summary view: unacknowledged alarms by priority in large figures (the engine's counts), the alarms
 * waiting longest for an acknowledgement, and the open alarms by rule (counted over the alarms the desk holds, said so
 * when that is not all of them), and the worst sensors now (renderer/worst/). Read-only.
 */
import { useT } from '../i18n/i18n';
import type { Alarm, AlarmCounts } from '../../electron/engine/api';
import { PRIORITY_ORDER } from '../../electron/shared/alarm-priority';
import { ageText, alarmSubjectText, ruleName, type AlarmContext, priorityLabel } from '../alarms/alarmList';
import { PRIORITY_ICON, PriorityBadge } from '../alarms/PriorityBadge';
import { useFeedClock } from '../alarms/useFeedClock';
import { formatInt } from '../panels/format';
import { WorstNow } from '../worst/WorstNow';
import { byRule, waitingLongest } from './wallSummary';

export function WallSummary({ counts, alarms, total, ctx }: { counts: AlarmCounts | null; alarms: readonly Alarm[] | null; total: number; ctx: AlarmContext }) {
  const now = useFeedClock();
  const { t } = useT();
  const waiting = waitingLongest(alarms ?? [], 5);
  const rules = byRule(alarms ?? [], (a) => ruleName(a, ctx.rules)).slice(0, 6);
  return (
    <section className="wall-summary" aria-label={t('wall.viewSummary')} data-testid="wall-summary">
      <div className="wall-tiles">
        {PRIORITY_ORDER.map((p) => {
          const n = counts?.unacknowledged[p] ?? null;
          return (
            <div key={p} className={`wall-tile pri-${p}${n ? ' has' : ''}`} data-testid={`wall-count-${p}`}>
              <span className="wall-tile-n">{n === null ? '…' : formatInt(n)}</span>
              <span className="wall-tile-label">
                <span aria-hidden="true">{PRIORITY_ICON[p]}</span> {priorityLabel(p, t)}
              </span>
              <span className="wall-tile-sub">{t('wall.notAck')}</span>
            </div>
          );
        })}
      </div>
      <div className="wall-columns">
        <div>
          <h2 className="wall-title">{t('wall.waitingLongest')}</h2>
          {waiting.length === 0 ? (
            <p className="wall-calm">{t('wall.allAck')}</p>
          ) : (
            <ol className="wall-waiting">
              {waiting.map((a) => (
                <li key={a.id} className={`pri-${a.priority}`}>
                  <PriorityBadge priority={a.priority} /> <b>{ruleName(a, ctx.rules)}</b> · {alarmSubjectText(a, ctx)} · <span className="wall-age">{ageText(a.raisedAt, now)}</span>
                </li>
              ))}
            </ol>
          )}
        </div>
        <div>
          <h2 className="wall-title">{t('wall.byRule')}</h2>
          <table className="wall-by-rule">
            <tbody>
              {rules.map((r) => (
                <tr key={r.name}>
                  <td>{r.name}</td>
                  <td className="num">{formatInt(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {alarms !== null && total > alarms.length && <p className="wall-note">{t('wall.countedOver', { n: formatInt(alarms.length), total: formatInt(total) })}</p>}
        </div>
        <WorstNow readOnly />
      </div>
    </section>
  );
}
