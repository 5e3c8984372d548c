/**
 * The alarm list: most severe and newest first, filtered by severity, state, kind and text. A row shows the severity
 * colour, rule, subject, message, raised time (feed clock, the city's time zone), state and who acknowledged. Selecting a row
 * flies the map to the subject and highlights it; the selected row offers Acknowledge (with an optional comment),
 * Shelve (minutes and a reason) and Resolve (once cleared).
 */
import { useMemo, useState, type FormEvent } from 'react';
import type { Alarm, EngineClient } from '../../electron/engine/api';
import { SEVERITY_LABEL, SEVERITY_ORDER, type Severity } from '../../electron/shared/severity';
import {
  ALARM_STATES,
  STATE_LABEL,
  alarmActions,
  kindChoices,
  ruleName,
  shelfOf,
  subjectName,
  visibleAlarms,
  type AlarmFilter,
  type AlarmState,
} from '../alarms/alarmList';
import { alarmTarget, targetBounds } from '../map/layers/alerts';
import { formErrorText } from '../platform/rpc-client';
import { appStore, useAppStore, useTimeZone } from '../store';
import { formatFeedShort, formatFeedTime } from './format';
import { SELF_DECLARED_HINT } from './SessionControl';

/** Rows drawn at most (the rest: refine the filter). */
const MAX_ROWS = 300;

function toggle<T>(set: ReadonlySet<T>, v: T): Set<T> {
  const next = new Set(set);
  if (next.has(v)) next.delete(v);
  else next.add(v);
  return next;
}

/** Selects an alarm and flies the map to its subject. */
export function focusAlarm(alarm: Alarm): void {
  const s = appStore.getState();
  s.selectAlarm(alarm.id);
  const target = alarmTarget(alarm, s);
  const bounds = target ? targetBounds(target) : null;
  if (bounds) s.requestFocus(bounds, target && target.rings.length ? 16 : 15);
}

export function AlarmList({ client }: { client: EngineClient }) {
  const alarms = useAppStore((s) => s.alarms);
  const shelves = useAppStore((s) => s.shelves);
  const catalogue = useAppStore((s) => s.catalogue);
  const rules = useAppStore((s) => s.rules);
  const zones = useAppStore((s) => s.zones);
  const registry = useAppStore((s) => s.registry);
  const filter = useAppStore((s) => s.alarmFilter);
  const setFilter = useAppStore((s) => s.setAlarmFilter);
  const selectedId = useAppStore((s) => s.selectedAlarmId);
  const error = useAppStore((s) => s.alarmsError);
  const loaded = useAppStore((s) => s.alarmsLoaded);
  const ctx = useMemo(() => ({ catalogue, rules, zones, registry }), [catalogue, rules, zones, registry]);
  const kinds = useMemo(() => kindChoices(ctx), [ctx]);
  const list = useMemo(() => visibleAlarms(alarms, filter, ctx), [alarms, filter, ctx]);

  const set = (patch: Partial<AlarmFilter>): void => setFilter({ ...filter, ...patch });

  return (
    <div className="alarm-panel">
      <div className="filters" role="group" aria-label="Alarm filters">
        <div className="chip-group">
          {SEVERITY_ORDER.map((sev) => (
            <Chip key={sev} on={filter.severities.has(sev)} className={`sev-${sev}`} testId={`filter-severity-${sev}`} onClick={() => set({ severities: toggle(filter.severities, sev) })}>
              {SEVERITY_LABEL[sev]}
            </Chip>
          ))}
        </div>
        <div className="chip-group">
          {ALARM_STATES.map((st) => (
            <Chip key={st} on={filter.states.has(st)} testId={`filter-state-${st}`} onClick={() => set({ states: toggle<AlarmState>(filter.states, st) })}>
              {st}
            </Chip>
          ))}
        </div>
        <div className="chip-group">
          {kinds.map((k) => (
            <Chip key={k.kind} on={!filter.hiddenKinds.has(k.kind)} testId={`filter-kind-${k.kind}`} onClick={() => set({ hiddenKinds: toggle(filter.hiddenKinds, k.kind) })}>
              {k.label}
            </Chip>
          ))}
        </div>
        <input className="search" type="search" placeholder="Search rule, place, message, person…" data-testid="alarm-search" value={filter.text} onChange={(e) => set({ text: e.target.value })} />
        <span className="muted small">
          {list.length} of {alarms.size}
        </span>
      </div>
      {error && <p className="error small">{error}</p>}
      <div className="alarm-list" data-testid="alarm-list" role="list">
        {list.length === 0 && <p className="muted empty">{!loaded ? 'Loading alarms…' : alarms.size === 0 ? 'No alarms.' : 'No alarm matches the filter.'}</p>}
        {list.slice(0, MAX_ROWS).map((a) => (
          <AlarmRow
            key={a.id}
            alarm={a}
            client={client}
            selected={a.id === selectedId}
            ruleText={ruleName(a, rules)}
            subjectText={subjectName(a.subject, ctx)}
            shelf={shelfOf(a, shelves)}
          />
        ))}
        {list.length > MAX_ROWS && <p className="muted small empty">{list.length - MAX_ROWS} more: refine the filter.</p>}
      </div>
    </div>
  );
}

function Chip({ on, onClick, children, className, testId }: { on: boolean; onClick: () => void; children: React.ReactNode; className?: string; testId?: string }) {
  return (
    <button type="button" className={`chip${on ? ' on' : ''}${className ? ` ${className}` : ''}`} aria-pressed={on} data-testid={testId} onClick={onClick}>
      {children}
    </button>
  );
}

function AlarmRow({
  alarm,
  client,
  selected,
  ruleText,
  subjectText,
  shelf,
}: {
  alarm: Alarm;
  client: EngineClient;
  selected: boolean;
  ruleText: string;
  subjectText: string;
  shelf: ReturnType<typeof shelfOf>;
}) {
  const tz = useTimeZone();
  const upsert = useAppStore((s) => s.upsertAlarms);
  const shelves = useAppStore((s) => s.shelves);
  const setShelves = useAppStore((s) => s.setShelves);
  const [comment, setComment] = useState('');
  const [shelving, setShelving] = useState(false);
  const [minutes, setMinutes] = useState('60');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const can = alarmActions(alarm, shelf !== undefined);

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
      const n = Number(minutes);
      const s = await client.call('shelveAlarm', { id: alarm.id, minutes: Number.isFinite(n) ? Math.round(n) : 0, reason });
      setShelves([...[...shelves.values()].filter((x) => x.key !== s.key), s]);
      setShelving(false);
      setReason('');
    });
  };
  const unshelve = () =>
    run(async () => {
      upsert([await client.call('unshelve', { id: alarm.id })]);
      if (shelf) setShelves([...shelves.values()].filter((x) => x.key !== shelf.key));
    });

  const sev: Severity = alarm.severity;
  return (
    <div
      role="listitem"
      className={`alarm-row sev-${sev} state-${alarm.state}${selected ? ' selected' : ''}${shelf ? ' shelved' : ''}`}
      data-testid="alarm-row"
      data-alarm-id={alarm.id}
      data-severity={sev}
      data-state={alarm.state}
    >
      <button type="button" className="alarm-main" onClick={() => focusAlarm(alarm)} aria-expanded={selected} title="Show on the map">
        <span className="sev-badge">{SEVERITY_LABEL[sev]}</span>
        <span className="alarm-rule">{ruleText}</span>
        <span className="alarm-subject">{subjectText}</span>
        <span className="alarm-time" title={formatFeedTime(alarm.raisedAt, tz)}>
          {formatFeedShort(alarm.raisedAt, tz)}
        </span>
        <span className={`alarm-state st-${alarm.state}`} title={STATE_LABEL[alarm.state]}>
          {alarm.state}
          {shelf && ' · shelved'}
        </span>
        <span className="alarm-ack muted" title={alarm.acknowledged ? `Acknowledged by ${alarm.acknowledged.by} (a self-declared name). ${SELF_DECLARED_HINT}` : undefined}>
          {alarm.acknowledged ? <>✓ <bdi>{alarm.acknowledged.by}</bdi></> : ''}
        </span>
        <span className="alarm-message">
          {alarm.state === 'cleared' || alarm.state === 'resolved' ? alarm.lastMessage : alarm.message}
          {alarm.escalatedAt !== null && <span className="escalated"> · escalated from {alarm.raisedSeverity}</span>}
        </span>
      </button>
      <div className="alarm-actions">
        {can.ack && (
          <button type="button" className="btn primary" data-testid="alarm-ack" disabled={busy} onClick={() => void ack()}>
            Acknowledge
          </button>
        )}
        {can.resolve && (
          <button type="button" className="btn" data-testid="alarm-resolve" disabled={busy} onClick={() => void resolve()}>
            Resolve
          </button>
        )}
        {can.shelve && (
          <button type="button" className="btn" data-testid="alarm-shelve" disabled={busy} onClick={() => setShelving((v) => !v)} aria-expanded={shelving}>
            Shelve…
          </button>
        )}
        {can.unshelve && (
          <button type="button" className="btn" data-testid="alarm-unshelve" disabled={busy} onClick={() => void unshelve()}>
            Unshelve
          </button>
        )}
      </div>
      {(selected || shelving) && (
        <div className="alarm-detail">
          {(can.ack || can.resolve) && (
            <input
              className="comment"
              data-testid="alarm-comment"
              placeholder="Comment (optional), recorded with Acknowledge / Resolve"
              maxLength={2000}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && can.ack) void ack();
              }}
            />
          )}
          {shelving && (
            <form className="shelve-form" onSubmit={shelve}>
              <label>
                Shelve for
                <input type="number" min={1} max={10080} data-testid="shelve-minutes" value={minutes} onChange={(e) => setMinutes(e.target.value)} /> min
              </label>
              <input data-testid="shelve-reason" placeholder="Reason (required)" maxLength={2000} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="submit" className="btn" data-testid="shelve-submit" disabled={busy || reason.trim().length < 3}>
                Shelve
              </button>
            </form>
          )}
          <dl className="alarm-facts">
            <dt>Raised</dt>
            <dd>{formatFeedTime(alarm.raisedAt, tz)}</dd>
            {alarm.clearedAt !== null && (
              <>
                <dt>Cleared</dt>
                <dd>{formatFeedTime(alarm.clearedAt, tz)}</dd>
              </>
            )}
            {alarm.acknowledged && (
              <>
                <dt>Acknowledged</dt>
                <dd>
                  <bdi>{alarm.acknowledged.by}</bdi> <span className="muted small" title={SELF_DECLARED_HINT}>(self-declared)</span>, {formatFeedTime(alarm.acknowledged.at, tz)}
                  {alarm.acknowledged.comment && ` — “${alarm.acknowledged.comment}”`}
                </dd>
              </>
            )}
            {alarm.resolved && (
              <>
                <dt>Resolved</dt>
                <dd>
                  {alarm.resolved.by}, {formatFeedTime(alarm.resolved.at, tz)}
                  {alarm.resolved.comment && ` — “${alarm.resolved.comment}”`}
                </dd>
              </>
            )}
            {shelf && (
              <>
                <dt>Shelved</dt>
                <dd>
                  by {shelf.by} until {formatFeedTime(shelf.until, tz)} — {shelf.reason}
                </dd>
              </>
            )}
            <dt>Rule</dt>
            <dd>
              {ruleText} {alarm.ruleVersion !== undefined && <span className="muted">v{alarm.ruleVersion}</span>}
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
}
