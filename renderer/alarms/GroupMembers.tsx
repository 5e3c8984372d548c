/**
 * The members of a group alarm (a grouping rule's group, or a source outage's silent sensors), in the order they
 * raised: name, raised, cleared, value and message, the first-out marked. Every member event is listed (a sensor that
 * raised twice appears twice). Clicking a member flies the map to it.
 */
import type { AlarmGroup } from '../../electron/engine/api';
import { formatFeedShort, formatFeedTime } from '../panels/format';
import { useAppStore, useTimeZone } from '../store';
import { subjectName, type AlarmContext } from './alarmList';
import { focusSensor } from './focus';
import { useT } from '../i18n/i18n';

/** Members listed at most (a source outage may hold hundreds; the count says how many more). */
const MAX_MEMBERS = 300;

export function GroupMembers({ group, ctx }: { group: AlarmGroup; ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules' | 'registry'> }) {
  const tz = useTimeZone();
  const { t } = useT();
  const catalogue = useAppStore((s) => s.catalogue);
  const shown = group.members.slice(0, MAX_MEMBERS);
  const firstIndex = group.members.findIndex((m) => m.subject === group.firstOut);
  return (
    <div className="group-members" data-testid="group-members">
      <table>
        <caption className="muted small">
          {t(group.kind === 'outage' ? 'alarms.members.captionOutage' : 'alarms.members.caption', { count: group.members.length })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('alarms.members.sensor')}</th>
            <th scope="col">{t('alarms.members.raised')}</th>
            <th scope="col">{t('alarms.members.cleared')}</th>
            <th scope="col">{t('alarms.members.value')}</th>
            <th scope="col">{t('alarms.members.message')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((m, i) => {
            const first = i === firstIndex;
            return (
              <tr key={`${m.subject}|${m.raisedAt}|${i}`} className={first ? 'first-out' : undefined} data-testid="group-member" data-sensor-id={m.subject} data-first-out={first || undefined}>
                <td>
                  {catalogue.has(m.subject) ? (
                    <button type="button" className="link-btn" onClick={() => focusSensor(m.subject)} title={t('alarms.members.showSensor')}>
                      {subjectName(m.subject, ctx, t)}
                    </button>
                  ) : (
                    subjectName(m.subject, ctx, t)
                  )}
                  {first && (
                    <span className="first-out-tag" title={t('alarms.members.firstOutHint')}>
                      {t('alarms.members.firstOut')}
                    </span>
                  )}
                </td>
                <td title={formatFeedTime(m.raisedAt, tz)}>{formatFeedShort(m.raisedAt, tz)}</td>
                <td title={m.clearedAt === null ? t('alarms.members.stillInAlarm') : formatFeedTime(m.clearedAt, tz)}>{m.clearedAt === null ? <span className="still">{t('alarms.members.stillOn')}</span> : formatFeedShort(m.clearedAt, tz)}</td>
                <td className="num">{m.value === undefined ? '—' : Number.isInteger(m.value) ? m.value : m.value.toFixed(1)}</td>
                <td className="member-message">{m.message}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {group.members.length > MAX_MEMBERS && <p className="muted small">{t('alarms.members.more', { count: group.members.length - MAX_MEMBERS })}</p>}
    </div>
  );
}
