/**
 * The alarm lifecycle: a pure state machine over the evaluator's AlertEvents, operator actions and the clock.
 * Deterministic (time is passed in), no I/O; every transition yields an audit entry for the audit_log table.
 *
 *   raise ──> active ──ack──> acknowledged ──clear──> resolved
 *               │                                       ^
 *               └──clear──> cleared ──ack / resolve─────┘
 *
 * - active: the condition holds and nobody has acknowledged it.
 * - acknowledged: an operator has seen it (who, when, optional comment); the condition still holds.
 * - cleared: the condition cleared before anyone acknowledged it; it waits for an acknowledgement.
 * - resolved: closed. Cleared and acknowledged (in either order), or resolved by an operator after clearing.
 * Shelving (with a reason, for a set time) hides an alarm from announcements; it covers the (rule, subject), so a
 * flapping alarm that re-raises stays quiet until the shelf expires (then the system unshelves it, on the clock).
 * Escalation: an alarm still active (unacknowledged, condition holding, not shelved) `afterMinutes` after it was
 * raised moves to the rule's escalation severity, once.
 */
import { ApiError, type RpcErrorCode } from '../api';
import type { AlertEvent } from './evaluator';
import { priorityOf, type Priority } from '../../shared/alarm-priority';
import { SEVERITY_RANK, type Rule, type Severity } from './schema';

export type AlarmState = 'active' | 'acknowledged' | 'cleared' | 'resolved';

export interface Alarm {
  /** `${ruleId}|${subject}|${raisedAt}`: deterministic. */
  id: string;
  ruleId: string;
  ruleVersion?: number;
  subject: string;
  state: AlarmState;
  severity: Severity;
  /** Severity when raised (differs from severity after an escalation). */
  raisedSeverity: Severity;
  raisedAt: number;
  /**
   * Clock time at which the alarm reached the desk. Equal to raisedAt live; later when it was raised by readings that
   * arrived late (catching up after an outage, or the history a fresh desk receives): escalation counts from here,
   * since nobody could acknowledge it earlier.
   */
  announcedAt?: number;
  message: string;
  value?: number;
  /** Last message from the evaluator (the clear message once cleared). */
  lastMessage: string;
  clearedAt: number | null;
  acknowledged: { by: string; at: number; comment?: string } | null;
  resolved: { by: string; at: number; comment?: string } | null;
  escalatedAt: number | null;
  updatedAt: number;
  /**
   * From the severity (current: an escalation raises it) and the rule's time to respond (alarm-priority.ts). Alarms
   * stored before priorities existed get it when they are loaded.
   */
  priority: Priority;
  /**
   * A common-cause alarm (a grouping rule's group, or a source outage): its members, the first one first-out. Absent
   * for an alarm of one subject.
   */
  group?: AlarmGroup;
}

/** One sensor alert inside a group alarm: every member event is kept (and audited), none is dropped. */
export interface AlarmMember {
  /** The sensor id (the subject the rule would have alarmed alone). */
  subject: string;
  raisedAt: number;
  /** When the member's own condition cleared, or null while it holds. */
  clearedAt: number | null;
  value?: number;
  message: string;
}

export interface AlarmGroup {
  /** 'rule': a grouping rule's group (Rule.group); 'outage': a silent source, its members the suppressed not-reporting alerts. */
  kind: 'rule' | 'outage';
  /** The group in words: `Midtbyen`, `Ring 2`, `Traffic (CityPulse)`. */
  name: string;
  /** Members in the order they raised (first-out first). A member that raises again after clearing is listed again. */
  members: AlarmMember[];
  /** Subject of the first member (first-out). */
  firstOut: string;
}

export interface Shelf {
  /** `${ruleId}|${subject}` */
  key: string;
  by: string;
  at: number;
  until: number;
  reason: string;
}

export type AuditAction = 'raise' | 'clear' | 'acknowledge' | 'resolve' | 'shelve' | 'unshelve' | 'escalate';

export interface AuditEntry {
  at: number;
  /** The operator, or 'system' for automatic transitions. */
  user: string;
  action: AuditAction;
  alarmId: string;
  detail: string;
}

export interface AlarmUpdate {
  /** Alarms that changed (their new state), in the order they changed. */
  changed: Alarm[];
  audit: AuditEntry[];
  /** Events to announce to operators (raises and escalations of alarms that are not shelved; alarms coming off a shelf). */
  announce: AlertEvent[];
}

/** A refused alarm action; an API error ('conflict' by default: the alarm's state does not allow it). */
export class AlarmError extends ApiError {
  constructor(message: string, code: RpcErrorCode = 'conflict') {
    super(code, message);
    this.name = 'AlarmError';
  }
}

/** Longest shelving allowed. */
export const MAX_SHELVE_MS = 7 * 24 * 3600_000;

export class AlarmBook {
  private alarms = new Map<string, Alarm>();
  /** The open alarm (not resolved) per (rule, subject) that the evaluator's next clear applies to. */
  private current = new Map<string, string>();
  private shelves = new Map<string, Shelf>();
  private escalation = new Map<string, NonNullable<Rule['escalation']>>();
  /** Minutes to respond per rule (its rationale); rules without one use DEFAULT_RESPOND_MINUTES of the severity. */
  private respond = new Map<string, number>();
  private clock = -Infinity;

  /** `alarms`: open alarms restored from the store. */
  constructor(rules: readonly Rule[] = [], alarms: readonly Alarm[] = [], shelves: readonly Shelf[] = []) {
    this.setRules(rules);
    for (const stored of alarms) {
      const a = structuredClone(stored);
      // Alarms stored before priorities existed (or whose rule's time to respond changed) take the rule's priority now.
      a.priority = this.priorityFor(a.ruleId, a.severity);
      this.alarms.set(a.id, a);
      if (a.state === 'active' || a.state === 'acknowledged') this.current.set(keyOf(a.ruleId, a.subject), a.id);
    }
    for (const s of shelves) this.shelves.set(s.key, { ...s });
  }

  /** Escalation policies come from the rules (an edit applies to alarms already open). */
  setRules(rules: readonly Rule[]): void {
    this.escalation = new Map(rules.filter((r) => r.escalation).map((r) => [r.id, r.escalation!]));
    this.respond = new Map(rules.filter((r) => r.rationale).map((r) => [r.id, r.rationale!.respondWithinMinutes]));
  }

  /** The priority an alarm of this rule has at this severity. */
  priorityFor(ruleId: string, severity: Severity): Priority {
    return priorityOf(severity, this.respond.get(ruleId));
  }

  /** Applies the evaluator's events (raise / clear); `now` is the clock when they reach the desk (default: their time). */
  apply(events: readonly AlertEvent[], now?: number): AlarmUpdate {
    const u: AlarmUpdate = { changed: [], audit: [], announce: [] };
    for (const e of events) {
      const key = keyOf(e.ruleId, e.subject);
      if (e.type === 'raise') {
        const id = `${e.ruleId}|${e.subject}|${e.at}`;
        if (this.alarms.has(id)) continue; // the same event applied twice
        const a: Alarm = {
          id,
          ruleId: e.ruleId,
          ruleVersion: e.ruleVersion,
          subject: e.subject,
          state: 'active',
          severity: e.severity,
          raisedSeverity: e.severity,
          raisedAt: e.at,
          ...(now !== undefined && now > e.at ? { announcedAt: now } : {}),
          message: e.message,
          value: e.value,
          lastMessage: e.message,
          clearedAt: null,
          acknowledged: null,
          resolved: null,
          escalatedAt: null,
          updatedAt: e.at,
          priority: this.priorityFor(e.ruleId, e.severity),
        };
        if (a.ruleVersion === undefined) delete a.ruleVersion;
        if (a.value === undefined) delete a.value;
        this.alarms.set(id, a);
        this.current.set(key, id);
        const shelf = this.shelves.get(key);
        u.changed.push(a);
        u.audit.push({ at: e.at, user: 'system', action: 'raise', alarmId: id, detail: shelf ? `${e.message} (shelved until ${iso(shelf.until)})` : e.message });
        if (!shelf) u.announce.push(e);
      } else if (e.type === 'clear') {
        const id = this.current.get(key);
        const a = id ? this.alarms.get(id) : undefined;
        if (!a) continue; // nothing open (e.g. raised before the book existed): nothing to close
        this.current.delete(key);
        a.clearedAt = e.at;
        a.lastMessage = e.message;
        a.updatedAt = e.at;
        a.state = a.state === 'acknowledged' ? 'resolved' : 'cleared';
        if (a.state === 'resolved') a.resolved = { by: 'system', at: e.at };
        u.changed.push(a);
        u.audit.push({ at: e.at, user: 'system', action: 'clear', alarmId: a.id, detail: a.state === 'resolved' ? `${e.message}; resolved (was acknowledged)` : e.message });
      }
    }
    return u;
  }

  acknowledge(alarmId: string, user: string, at: number, comment?: string): AlarmUpdate {
    const a = this.get(alarmId, 'acknowledge');
    requireUser(user);
    if (a.state === 'acknowledged') throw new AlarmError(`alarm ${alarmId} is already acknowledged (by ${a.acknowledged!.by})`);
    if (a.state === 'resolved') throw new AlarmError(`alarm ${alarmId} is resolved: nothing to acknowledge`);
    a.acknowledged = comment ? { by: user, at, comment } : { by: user, at };
    a.updatedAt = at;
    if (a.state === 'cleared') {
      a.state = 'resolved';
      a.resolved = { by: user, at };
    } else a.state = 'acknowledged';
    return { changed: [a], audit: [{ at, user, action: 'acknowledge', alarmId, detail: `${a.state === 'resolved' ? 'acknowledged after clearing; resolved' : 'acknowledged'}${comment ? `: ${comment}` : ''}` }], announce: [] };
  }

  /** Closes an alarm whose condition has cleared (acknowledging it if nobody had). */
  resolve(alarmId: string, user: string, at: number, comment?: string): AlarmUpdate {
    const a = this.get(alarmId, 'resolve');
    requireUser(user);
    if (a.state === 'resolved') throw new AlarmError(`alarm ${alarmId} is already resolved`);
    if (a.state === 'active' || a.state === 'acknowledged') throw new AlarmError(`alarm ${alarmId} cannot be resolved while its condition still holds (acknowledge or shelve it instead)`);
    a.state = 'resolved';
    a.resolved = comment ? { by: user, at, comment } : { by: user, at };
    a.updatedAt = at;
    return { changed: [a], audit: [{ at, user, action: 'resolve', alarmId, detail: comment ? `resolved: ${comment}` : 'resolved' }], announce: [] };
  }

  /** Shelves the alarm's (rule, subject) until `until`: not announced, not escalated. A reason is required. */
  shelve(alarmId: string, user: string, at: number, until: number, reason: string): AlarmUpdate {
    const a = this.get(alarmId, 'shelve');
    requireUser(user);
    if (a.state === 'resolved') throw new AlarmError(`alarm ${alarmId} is resolved: nothing to shelve`);
    if (typeof reason !== 'string' || !reason.trim()) throw new AlarmError('shelving needs a reason', 'invalid-params');
    if (!(until > at)) throw new AlarmError('shelving must end after it starts', 'invalid-params');
    if (until - at > MAX_SHELVE_MS) throw new AlarmError('shelving is limited to 7 days', 'invalid-params');
    const key = keyOf(a.ruleId, a.subject);
    this.shelves.set(key, { key, by: user, at, until, reason: reason.trim() });
    a.updatedAt = at;
    return { changed: [a], audit: [{ at, user, action: 'shelve', alarmId, detail: `shelved until ${iso(until)}: ${reason.trim()}` }], announce: [] };
  }

  unshelve(alarmId: string, user: string, at: number): AlarmUpdate {
    const a = this.get(alarmId, 'unshelve');
    requireUser(user);
    const key = keyOf(a.ruleId, a.subject);
    if (!this.shelves.has(key)) throw new AlarmError(`alarm ${alarmId} is not shelved`);
    return this.takeOffShelf(key, user, at, 'unshelved');
  }

  /** Shelf expiry and escalation. A clock that does not move forward is ignored. */
  onClock(now: number): AlarmUpdate {
    const u: AlarmUpdate = { changed: [], audit: [], announce: [] };
    if (!(now > this.clock)) return u;
    this.clock = now;
    const expired = [...this.shelves.values()].filter((s) => s.until <= now).sort((a, b) => a.until - b.until || cmp(a.key, b.key));
    for (const s of expired) merge(u, this.takeOffShelf(s.key, 'system', now, 'shelving expired'));
    const open = [...this.current.values()].map((id) => this.alarms.get(id)!).sort((a, b) => a.raisedAt - b.raisedAt || cmp(a.id, b.id));
    for (const a of open) {
      const esc = this.escalation.get(a.ruleId);
      if (!esc || a.state !== 'active' || a.escalatedAt !== null) continue;
      if (this.shelves.has(keyOf(a.ruleId, a.subject))) continue;
      if (now - (a.announcedAt ?? a.raisedAt) < esc.afterMinutes * 60_000) continue;
      if (SEVERITY_RANK[esc.to] <= SEVERITY_RANK[a.severity]) continue;
      const from = a.severity;
      a.severity = esc.to;
      a.priority = this.priorityFor(a.ruleId, esc.to);
      a.escalatedAt = now;
      a.updatedAt = now;
      const message = `Escalated to ${esc.to}: not acknowledged for ${esc.afterMinutes} min. ${a.message}`;
      u.changed.push(a);
      u.audit.push({ at: now, user: 'system', action: 'escalate', alarmId: a.id, detail: `${from} -> ${esc.to}: not acknowledged within ${esc.afterMinutes} min` });
      const e: AlertEvent = { type: 'escalate', ruleId: a.ruleId, subject: a.subject, severity: esc.to, at: now, message };
      if (a.ruleVersion !== undefined) e.ruleVersion = a.ruleVersion;
      if (a.value !== undefined) e.value = a.value;
      u.announce.push(e);
    }
    return u;
  }

  alarm(id: string): Alarm | undefined {
    return this.alarms.get(id);
  }

  /** Alarms not resolved, oldest first. */
  open(): Alarm[] {
    return [...this.alarms.values()].filter((a) => a.state !== 'resolved').sort((a, b) => a.raisedAt - b.raisedAt || cmp(a.id, b.id));
  }

  all(): Alarm[] {
    return [...this.alarms.values()].sort((a, b) => a.raisedAt - b.raisedAt || cmp(a.id, b.id));
  }

  shelf(alarmId: string): Shelf | undefined {
    const a = this.alarms.get(alarmId);
    return a ? this.shelves.get(keyOf(a.ruleId, a.subject)) : undefined;
  }

  isShelved(alarmId: string): boolean {
    return this.shelf(alarmId) !== undefined;
  }

  /** Every shelf in force, soonest to expire first. */
  shelvesList(): Shelf[] {
    return [...this.shelves.values()].map((s) => ({ ...s })).sort((a, b) => a.until - b.until || cmp(a.key, b.key));
  }

  /** Id of the open alarm of (rule, subject), if any. */
  currentId(ruleId: string, subject: string): string | undefined {
    return this.current.get(keyOf(ruleId, subject));
  }

  /** Forgets resolved alarms resolved before `before` (once they are in the store). Returns how many. */
  prune(before: number): number {
    let n = 0;
    for (const [id, a] of this.alarms) if (a.state === 'resolved' && a.resolved && a.resolved.at < before) {
      this.alarms.delete(id);
      n++;
    }
    return n;
  }

  private takeOffShelf(key: string, user: string, at: number, why: string): AlarmUpdate {
    this.shelves.delete(key);
    const u: AlarmUpdate = { changed: [], audit: [], announce: [] };
    // The audit names the alarm currently open for the key, else the most recent one.
    const openId = this.current.get(key);
    const a = openId ? this.alarms.get(openId)! : this.latestFor(key);
    if (!a) return u;
    a.updatedAt = at;
    u.changed.push(a);
    u.audit.push({ at, user, action: 'unshelve', alarmId: a.id, detail: why });
    if (a.state === 'active') {
      const e: AlertEvent = { type: 'raise', ruleId: a.ruleId, subject: a.subject, severity: a.severity, at, message: `${a.message} (${why}; raised ${iso(a.raisedAt)})` };
      if (a.ruleVersion !== undefined) e.ruleVersion = a.ruleVersion;
      if (a.value !== undefined) e.value = a.value;
      u.announce.push(e);
    }
    return u;
  }

  private latestFor(key: string): Alarm | undefined {
    let best: Alarm | undefined;
    for (const a of this.alarms.values()) if (keyOf(a.ruleId, a.subject) === key && (!best || a.raisedAt > best.raisedAt)) best = a;
    return best;
  }

  private get(id: string, action: string): Alarm {
    const a = this.alarms.get(id);
    if (!a) throw new AlarmError(`cannot ${action}: no alarm ${id}`, 'not-found');
    return a;
  }
}

function requireUser(user: string): void {
  if (typeof user !== 'string' || !user.trim()) throw new AlarmError('an operator action needs the operator\u2019s name', 'invalid-params');
  if (user === 'system') throw new AlarmError("'system' is reserved for automatic transitions", 'invalid-params');
}

function keyOf(ruleId: string, subject: string): string {
  return `${ruleId}|${subject}`;
}

function merge(into: AlarmUpdate, u: AlarmUpdate): void {
  into.changed.push(...u.changed);
  into.audit.push(...u.audit);
  into.announce.push(...u.announce);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
