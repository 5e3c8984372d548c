/**
 * One alarm in the list, in columns that line up from row to row (every row is a subgrid of the list's one grid,
 * alarms.css): tick box, disclosure (group alarms), priority (colour
 * and a shape and word), rule (and the message), subject in words (a group: how many members, which came first), age on
 * the feed clock, state (who acknowledged; a shelf's end counting down), and what to do (the rule's rationale). Clicking
 * the row puts the operator on the alarm (map, keyboard); the selected row offers Acknowledge (with a comment), Shelve
 * (minutes and a reason), Unshelve and Resolve, and lists its facts. A group expands to list its members. Every row
 * offers "Replay from here" (replay at the raise, this alarm focused). Text that does not fit ends in an ellipsis and
 * is whole in the cell's title; in replay (`acting` false) the actions are
 * hidden: one does not act on the past.
 */
import { memo, useState, type FormEvent } from 'react';
import type { Alarm, EngineClient, Shelf } from '../../electron/engine/api';
import { formErrorText } from '../platform/rpc-client';
import { formatFeedShort, formatFeedTime } from '../panels/format';
import { SELF_DECLARED_HINT } from '../panels/SessionControl';
import { useAppStore, useTimeZone } from '../store';
import { alarmStateWord, severityWord, stateLabel, ageText, alarmActions, alarmSubjectText, groupSummary, ruleName, whatToDo, type AlarmContext } from './alarmList';
import { focusAlarm, highlightGroup } from './focus';
import { GroupMembers } from './GroupMembers';
import { PriorityBadge } from './PriorityBadge';
import { useFeedClock } from './useFeedClock';
import { ShelveForm } from './ShelveForm';
import { AlarmSourceNote } from '../health/AlarmSourceNote';
import { useT } from '../i18n/i18n';

export interface AlarmRowProps {
  alarm: Alarm;
  client: EngineClient;
  ctx: AlarmContext;
  selected: boolean;
  checked: boolean;
  expanded: boolean;
  shelf: Shelf | undefined;
  onCheck(id: string, on: boolean): void;
  onExpand(id: string, on: boolean): void;
  /** Acknowledge, shelve, resolve and ticks are offered (false in replay). */
  acting?: boolean;
}

function Age({ since }: { since: number }) {
  const now = useFeedClock();
  return <>{ageText(since, now)}</>;
}

/** "3 min 20 s left": a shelf's end, counting down on the feed clock. */
export function ShelfCountdown({ until }: { until: number }) {
  const now = useFeedClock();
  const { t } = useT();
  if (now === null) return null;
  const left = until - now;
  if (left <= 0) return <span className="shelf-left">{t('alarms.shelfEnding')}</span>;
  const s = Math.ceil(left / 1000);
  const text = s < 3600 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : ageText(now, until);
  return <span className="shelf-left" data-testid="shelf-left">{t('alarms.shelfLeft', { time: text })}</span>;
}

export const AlarmRow = memo(function AlarmRow({ alarm, client, ctx, selected, checked, expanded, shelf, onCheck, onExpand, acting = true }: AlarmRowProps) {
  const tz = useTimeZone();
  const { t } = useT();
  const upsert = useAppStore((s) => s.upsertAlarms);
  const enterReplay = useAppStore((s) => s.enterReplay);
  const [comment, setComment] = useState('');
  const [shelving, setShelving] = useState(false);
  const [minutes, setMinutes] = useState('60');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const offered = alarmActions(alarm, shelf !== undefined);
  const can = acting ? offered : { ack: false, shelve: false, unshelve: false, resolve: false };
  const rule = ruleName(alarm, ctx.rules);
  const subject = alarmSubjectText(alarm, ctx);
  const todo = whatToDo(alarm, ctx.rules);
  const group = alarm.group;
  const message = alarm.state === 'cleared' || alarm.state === 'resolved' ? alarm.lastMessage : alarm.message;
  const summary = group ? groupSummary(group, ctx, t) : null;

  const run = async (fn: () => Promise<void>): Promise<void> => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (err) {
      setError(formErrorText(err));
    } finally {
      setBusy(false);
    }
  };
  const c = comment.trim();
  const ack = () =>
    run(async () => {
      upsert([await client.call('ackAlarm', c ? { id: alarm.id, comment: c } : { id: alarm.id })]);
      setComment('');
    });
  const resolve = () =>
    run(async () => {
      upsert([await client.call('resolveAlarm', c ? { id: alarm.id, comment: c } : { id: alarm.id })]);
      setComment('');
    });
  const shelve = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const n = Math.round(Number(minutes));
      await client.call('shelveAlarm', { id: alarm.id, minutes: Number.isFinite(n) ? n : 0, reason });
      setShelving(false);
      setReason('');
    });
  };
  const unshelve = () => run(async () => upsert([await client.call('unshelve', { id: alarm.id })]));
  const toggleExpand = () => {
    onExpand(alarm.id, !expanded);
    highlightGroup(expanded ? null : alarm);
  };

  return (
    <div
      role="listitem"
      className={`alarm-row pri-${alarm.priority} state-${alarm.state}${selected ? ' selected' : ''}${shelf ? ' shelved' : ''}${checked ? ' checked' : ''}`}
      data-testid="alarm-row"
      data-alarm-id={alarm.id}
      data-severity={alarm.severity}
      data-priority={alarm.priority}
      data-state={alarm.state}
      data-group={group?.kind}
    >
      <span className="cell-check">
        <input type="checkbox" checked={checked} onChange={(e) => onCheck(alarm.id, e.target.checked)} aria-label={t(group ? 'alarms.tickGroup' : 'alarms.tick', { rule, subject })} data-testid="alarm-check" disabled={!acting || alarm.state === 'resolved'} />
      </span>
      <span className="cell-disclosure">
        {group && (
          <button type="button" className="disclosure" aria-expanded={expanded} aria-label={expanded ? t('alarms.hideMembers') : t('alarms.showMembers')} data-testid="alarm-expand" onClick={toggleExpand}>
            {expanded ? '▾' : '▸'}
          </button>
        )}
      </span>
      <button type="button" className="alarm-main" onClick={() => focusAlarm(alarm)} aria-expanded={selected} title={t('alarms.showOnMap')}>
        <span className="cell-priority">
          <PriorityBadge priority={alarm.priority} />
        </span>
        <span className="cell-rule">
          <span className="alarm-rule" title={rule}>{rule}</span>
          <span className="alarm-message" title={message}>{message}</span>
          <AlarmSourceNote alarm={alarm} />
        </span>
        <span className="cell-subject">
          <span className="alarm-subject" title={subject}>{subject}</span>
          {summary && <span className="group-summary" title={summary}>{summary}</span>}
        </span>
        <span className="alarm-time" title={t('alarms.raisedAt', { time: formatFeedTime(alarm.raisedAt, tz) })}>
          <Age since={alarm.raisedAt} />
        </span>
        <span className="cell-state">
          <span className={`alarm-state st-${alarm.state}`} title={stateLabel(alarm.state, t)}>
            {alarmStateWord(alarm.state, t)}
            {alarm.escalatedAt !== null && <span className="escalated" title={t('alarms.escalatedFrom', { severity: severityWord(alarm.raisedSeverity, t) })}> ↑</span>}
          </span>
          <span className="alarm-ack muted" title={alarm.acknowledged ? `${t('alarms.acknowledgedBy', { name: alarm.acknowledged.by })} ${SELF_DECLARED_HINT}` : undefined}>
            {alarm.acknowledged ? <>✓ <bdi>{alarm.acknowledged.by}</bdi></> : ''}
          </span>
          {shelf && <ShelfCountdown until={shelf.until} />}
        </span>
        <span className={`cell-todo${todo ? '' : ' muted'}`} title={todo ?? undefined}>
          {todo ?? '—'}
        </span>
      </button>
      <span className="alarm-actions">
        <button
          type="button"
          className="btn replay-from"
          data-testid="alarm-replay"
          title={t('alarms.replayTitle', { time: formatFeedTime(alarm.raisedAt, tz) })}
          aria-label={t('alarms.replayFromHere')}
          onClick={() => enterReplay(alarm.raisedAt, { alarmId: alarm.id })}
        >
          {t('alarms.replay')}
        </button>
        {can.ack && (
          <button type="button" className="btn primary" data-testid="alarm-ack" disabled={busy} onClick={() => void ack()}>
            {t('alarms.acknowledge')}
          </button>
        )}
        {can.resolve && (
          <button type="button" className="btn" data-testid="alarm-resolve" disabled={busy} onClick={() => void resolve()}>
            {t('alarms.resolve')}
          </button>
        )}
        {can.shelve && (
          <button type="button" className="btn" data-testid="alarm-shelve" disabled={busy} onClick={() => setShelving((v) => !v)} aria-expanded={shelving}>
            {t('alarms.shelveMenu')}
          </button>
        )}
        {can.unshelve && (
          <button type="button" className="btn" data-testid="alarm-unshelve" disabled={busy} onClick={() => void unshelve()}>
            {t('alarms.unshelve')}
          </button>
        )}
      </span>
      {group && expanded && <GroupMembers group={group} ctx={ctx} />}
      {(selected || shelving) && (
        <div className="alarm-detail">
          {(can.ack || can.resolve) && (
            <input
              className="comment"
              data-testid="alarm-comment"
              placeholder={t('alarms.commentPlaceholder')}
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && can.ack) void ack();
              }}
            />
          )}
          {shelving && (
            <ShelveForm testIdPrefix="" className="shelve-form" reasonPlaceholder={t('alarms.reasonRequired')} minutes={minutes} reason={reason} busy={busy} onMinutes={setMinutes} onReason={setReason} onSubmit={shelve} />
          )}
          <dl className="alarm-facts">
            <dt>{t('alarms.fact.raised')}</dt>
            <dd>{formatFeedTime(alarm.raisedAt, tz)}</dd>
            {alarm.clearedAt !== null && (
              <>
                <dt>{t('alarms.fact.cleared')}</dt>
                <dd>{formatFeedTime(alarm.clearedAt, tz)}</dd>
              </>
            )}
            {alarm.escalatedAt !== null && (
              <>
                <dt>{t('alarms.fact.escalated')}</dt>
                <dd>
                  {t('alarms.fact.escalatedFromTo', { from: severityWord(alarm.raisedSeverity, t), to: severityWord(alarm.severity, t), time: formatFeedTime(alarm.escalatedAt, tz) })}
                </dd>
              </>
            )}
            {alarm.acknowledged && (
              <>
                <dt>{t('alarms.fact.acknowledged')}</dt>
                <dd>
                  <bdi>{alarm.acknowledged.by}</bdi> <span className="muted small" title={SELF_DECLARED_HINT}>{t('alarms.fact.selfDeclared')}</span>, {formatFeedTime(alarm.acknowledged.at, tz)}
                  {alarm.acknowledged.comment && ` — “${alarm.acknowledged.comment}”`}
                </dd>
              </>
            )}
            {alarm.resolved && (
              <>
                <dt>{t('alarms.fact.resolved')}</dt>
                <dd>
                  {alarm.resolved.by}, {formatFeedTime(alarm.resolved.at, tz)}
                  {alarm.resolved.comment && ` — “${alarm.resolved.comment}”`}
                </dd>
              </>
            )}
            {shelf && (
              <>
                <dt>{t('alarms.fact.shelved')}</dt>
                <dd>
                  {t('alarms.fact.shelvedBy', { name: shelf.by, until: formatFeedShort(shelf.until, tz) })} — {shelf.reason}
                </dd>
              </>
            )}
            <dt>{t('alarms.fact.rule')}</dt>
            <dd>
              {rule} {alarm.ruleVersion !== undefined && <span className="muted">{t('alarms.fact.version', { version: alarm.ruleVersion })}</span>}
            </dd>
          </dl>
        </div>
      )}
      {error && (
        <p className="error small row-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
});
