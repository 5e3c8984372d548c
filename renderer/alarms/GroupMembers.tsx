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

/** Members listed at most (a source outage may hold hundreds; the count says how many more). */
const MAX_MEMBERS = 300;

export function GroupMembers({ group, ctx }: { group: AlarmGroup; ctx: Pick<AlarmContext, 'catalogue' | 'zones' | 'rules' | 'registry'> }) {
  const tz = useTimeZone();
  const catalogue = useAppStore((s) => s.catalogue);
  const shown = group.members.slice(0, MAX_MEMBERS);
  const firstIndex = group.members.findIndex((m) => m.subject === group.firstOut);
  return (
    <div className="group-members" data-testid="group-members">
      <table>
        <caption className="muted small">
          {group.kind === 'outage' ? 'Sensors of the silent source' : 'Members'}, in the order they raised · {group.members.length} {group.members.length === 1 ? 'event' : 'events'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Sensor</th>
            <th scope="col">Raised</th>
            <th scope="col">Cleared</th>
            <th scope="col">Value</th>
            <th scope="col">Message</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((m, i) => {
            const first = i === firstIndex;
            return (
              <tr key={`${m.subject}|${m.raisedAt}|${i}`} className={first ? 'first-out' : undefined} data-testid="group-member" data-sensor-id={m.subject} data-first-out={first || undefined}>
                <td>
                  {catalogue.has(m.subject) ? (
                    <button type="button" className="link-btn" onClick={() => focusSensor(m.subject)} title="Show this sensor">
                      {subjectName(m.subject, ctx)}
                    </button>
                  ) : (
                    subjectName(m.subject, ctx)
                  )}
                  {first && (
                    <span className="first-out-tag" title="The first member to raise: often the cause">
                      first out
                    </span>
                  )}
                </td>
                <td title={formatFeedTime(m.raisedAt, tz)}>{formatFeedShort(m.raisedAt, tz)}</td>
                <td title={m.clearedAt === null ? 'Still in alarm' : formatFeedTime(m.clearedAt, tz)}>{m.clearedAt === null ? <span className="still">still on</span> : formatFeedShort(m.clearedAt, tz)}</td>
                <td className="num">{m.value === undefined ? '—' : Number.isInteger(m.value) ? m.value : m.value.toFixed(1)}</td>
                <td className="member-message">{m.message}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {group.members.length > MAX_MEMBERS && <p className="muted small">{group.members.length - MAX_MEMBERS} more member events not listed here (all are in the audit log).</p>}
    </div>
  );
}
