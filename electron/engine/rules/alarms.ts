/**
 * The alarm lifecycle: a pure state machine over the evaluator's AlertEvents (routed by the grouping stage,
 * grouping.ts), operator actions and the clock. Deterministic (time is passed in), no I/O; every transition yields an
 * audit entry for the audit_log table.
 *
 *   raise ──> active ──ack──> acknowledged ──clear──> resolved
 *               │                                       ^
 *               └──clear──> cleared ──ack / resolve─────┘
 *
 *   group alarm (Alarm.group): the same states, driven by its members
 *     member-raise ──> (first member: raise the group) ──> active / acknowledged, members listed in raise order
 *     member-clear ──> the member's clearedAt; the last member cleared ──clear──> cleared / resolved
 *     outage (kind 'outage'): raised and cleared by the source (outage.ts); its members are the suppressed "not
 *     reporting" alerts of its sensors; when it clears, members still silent become alarms of their own (raise)
 *
 * - active: the condition holds and nobody has acknowledged it.
 * - acknowledged: an operator has seen it (who, when, optional comment); the condition still holds.
 * - cleared: the condition cleared before anyone acknowledged it; it waits for an acknowledgement.
 * - resolved: closed. Cleared and acknowledged (in either order), or resolved by an operator after clearing.
 * Shelving (with a reason, for a set time) hides an alarm from announcements; it covers the (rule, subject), so a
 * flapping alarm that re-raises stays quiet until the shelf expires (then the system unshelves it, on the clock).
 * Escalation: an alarm still active (unacknowledged, condition holding, not shelved) `afterMinutes` after it was
 * raised moves to the rule's escalation severity, once.
 * Groups: acknowledging, shelving, resolving and escalation act on the group alarm (its rule and group subject); a
 * member's raise and clear change the group (its members, its message) and are audited ('member-raise',
 * 'member-clear'), never announced on their own. Every member event is kept: grouping changes what is presented,
 * never what is recorded.
 */
import { ApiError, type RpcErrorCode } from '../api';
import type { AlertEvent } from './evaluator';
import { priorityOf, type Priority } from '../../shared/alarm-priority';
import { SEVERITY_RANK, type Rule, type Severity } from './schema';
import { BUILT_IN_ALARMS } from '../../shared/built-in-alarms';
import { formatSpan } from '../../shared/zone-time';

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
  /** The sensor's name, as the group's message names its first-out. */
  name?: string;
  /** The member's own rule when it is not the alarm's (an outage's members: the not-reporting rule that fired). */
  ruleId?: string;
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

export type AuditAction = 'raise' | 'clear' | 'acknowledge' | 'resolve' | 'shelve' | 'unshelve' | 'escalate' | 'member-raise' | 'member-clear';

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

/** The group alarm a member's raise joins: its (rule, subject), kind and name (grouping.ts chooses it). */
export interface GroupTarget {
  ruleId: string;
  /** `group:district:<id>`, `group:attribute:<value>`, `group:area:<name>`, `group:scope`, or `source:<key>`. */
  subject: string;
  kind: AlarmGroup['kind'];
  name: string;
}

/**
 * An event for the book, as the grouping stage hands it on: an evaluator event alone (as today), a member's raise
 * (`into` its group alarm; a member's clear is an ordinary clear: the book knows where its raise went), or a source
 * outage's raise (`outage`: the group alarm its members will join).
 */
export interface BookEvent extends AlertEvent {
  into?: GroupTarget;
  /** The subject's name (a member's sensor name). */
  subjectName?: string;
  outage?: { name: string };
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

  /** Rule names (a group's message names its rule) and severities (a member released from an outage keeps its rule's). */
  private ruleInfo = new Map<string, { name: string; severity: Severity }>();

  /** `alarms`: open alarms restored from the store. */
  constructor(rules: readonly Rule[] = [], alarms: readonly Alarm[] = [], shelves: readonly Shelf[] = []) {
    this.setRules(rules);
    for (const stored of alarms) {
      const a = structuredClone(stored);
      // Alarms stored before priorities existed (or whose rule's time to respond changed) take the rule's priority now.
      a.priority = this.priorityFor(a.ruleId, a.severity);
      this.alarms.set(a.id, a);
      if (a.state === 'active' || a.state === 'acknowledged') {
        this.current.set(keyOf(a.ruleId, a.subject), a.id);
        // A group's members still raised: their clears (and the evaluator's restored alerts) find the group.
        for (const m of a.group?.members ?? []) if (m.clearedAt === null) this.current.set(keyOf(m.ruleId ?? a.ruleId, m.subject), a.id);
      }
    }
    for (const s of shelves) this.shelves.set(s.key, { ...s });
  }

  /** Escalation policies come from the rules (an edit applies to alarms already open). */
  setRules(rules: readonly Rule[]): void {
    this.escalation = new Map(rules.filter((r) => r.escalation).map((r) => [r.id, r.escalation!]));
    this.respond = new Map(rules.filter((r) => r.rationale).map((r) => [r.id, r.rationale!.respondWithinMinutes]));
    this.ruleInfo = new Map(rules.map((r) => [r.id, { name: r.name, severity: r.severity }]));
  }

  /** The priority an alarm of this rule has at this severity. */
  priorityFor(ruleId: string, severity: Severity): Priority {
    return priorityOf(severity, this.respond.get(ruleId) ?? BUILT_IN_ALARMS[ruleId]?.rationale.respondWithinMinutes);
  }

  /**
   * Applies the evaluator's events as the grouping stage routed them (raise / clear; member raises; outages); `now` is
   * the clock when they reach the desk (default: their time).
   */
  apply(events: readonly BookEvent[], now?: number): AlarmUpdate {
    const u: AlarmUpdate = { changed: [], audit: [], announce: [] };
    for (const e of events) {
      if (e.type === 'raise') {
        if (e.into) this.memberRaise(e, e.into, now, u);
        else this.raise(e, now, u, e.outage ? { kind: 'outage', name: e.outage.name, members: [], firstOut: '' } : undefined);
      } else if (e.type === 'clear') {
        const key = keyOf(e.ruleId, e.subject);
        const id = this.current.get(key);
        const a = id ? this.alarms.get(id) : undefined;
        if (!a) continue; // nothing open (e.g. raised before the book existed): nothing to close
        if (a.group && key !== keyOf(a.ruleId, a.subject)) this.memberClear(a, e, u);
        else {
          this.close(a, e.at, e.message, u, e.message);
          if (a.group?.kind === 'outage') this.release(a, e.at, u);
        }
      }
    }
    return u;
  }

  /** A new alarm of (rule, subject), announced unless shelved. */
  private raise(e: AlertEvent, now: number | undefined, u: AlarmUpdate, group?: AlarmGroup, detail?: string, announced?: AlertEvent): Alarm | undefined {
    const id = `${e.ruleId}|${e.subject}|${e.at}`;
    if (this.alarms.has(id)) return undefined; // the same event applied twice
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
      ...(group ? { group } : {}),
    };
    if (a.ruleVersion === undefined) delete a.ruleVersion;
    if (a.value === undefined) delete a.value;
    const key = keyOf(e.ruleId, e.subject);
    this.alarms.set(id, a);
    this.current.set(key, id);
    const shelf = this.shelves.get(key);
    const text = detail ?? e.message;
    u.changed.push(a);
    u.audit.push({ at: e.at, user: 'system', action: 'raise', alarmId: id, detail: shelf ? `${text} (shelved until ${iso(shelf.until)})` : text });
    if (!shelf) u.announce.push(announced ?? e);
    return a;
  }

  /** Closes an open alarm: cleared, or resolved if it was acknowledged. */
  private close(a: Alarm, at: number, lastMessage: string, u: AlarmUpdate, detail: string): void {
    this.current.delete(keyOf(a.ruleId, a.subject));
    a.clearedAt = at;
    a.lastMessage = lastMessage;
    a.updatedAt = at;
    a.state = a.state === 'acknowledged' ? 'resolved' : 'cleared';
    if (a.state === 'resolved') a.resolved = { by: 'system', at };
    u.changed.push(a);
    u.audit.push({ at, user: 'system', action: 'clear', alarmId: a.id, detail: a.state === 'resolved' ? `${detail}; resolved (was acknowledged)` : detail });
  }

  /** A member raises: it joins its group's open alarm, or raises the group alarm as its first-out. */
  private memberRaise(e: BookEvent, into: GroupTarget, now: number | undefined, u: AlarmUpdate): void {
    const memberKey = keyOf(e.ruleId, e.subject);
    const openId = this.current.get(keyOf(into.ruleId, into.subject));
    let g = openId ? this.alarms.get(openId) : undefined;
    if (g?.group?.members.some((m) => m.subject === e.subject && m.raisedAt === e.at && (m.ruleId ?? g!.ruleId) === e.ruleId)) return; // applied twice
    const member: AlarmMember = { subject: e.subject, raisedAt: e.at, clearedAt: null, message: e.message };
    if (e.value !== undefined) member.value = e.value;
    if (e.subjectName !== undefined) member.name = e.subjectName;
    if (e.ruleId !== into.ruleId) member.ruleId = e.ruleId;
    if (!g) {
      const group: AlarmGroup = { kind: into.kind, name: into.name, members: [member], firstOut: e.subject };
      const raise: AlertEvent = { type: 'raise', ruleId: into.ruleId, subject: into.subject, severity: e.severity, at: e.at, message: this.groupMessage(into.ruleId, group) };
      if (e.ruleVersion !== undefined) raise.ruleVersion = e.ruleVersion;
      if (e.value !== undefined) raise.value = e.value;
      g = this.raise(raise, now, u, group);
      if (!g) return;
    } else {
      const group = g.group!;
      group.members.push(member);
      if (!group.firstOut) group.firstOut = e.subject;
      g.message = this.groupMessage(g.ruleId, group, g.message);
      g.lastMessage = e.message;
      g.updatedAt = Math.max(g.updatedAt, e.at);
      if (!u.changed.includes(g)) u.changed.push(g);
    }
    this.current.set(memberKey, g.id);
    u.audit.push({ at: e.at, user: 'system', action: 'member-raise', alarmId: g.id, detail: `${memberLabel(member)}: ${e.message}` });
  }

  /** A member clears; the last member of a rule's group clears the group. */
  private memberClear(g: Alarm, e: AlertEvent, u: AlarmUpdate): void {
    this.current.delete(keyOf(e.ruleId, e.subject));
    const group = g.group!;
    const m = findLast(group.members, (x) => x.subject === e.subject && (x.ruleId ?? g.ruleId) === e.ruleId && x.clearedAt === null);
    if (m) m.clearedAt = e.at;
    g.lastMessage = e.message;
    g.updatedAt = Math.max(g.updatedAt, e.at);
    u.audit.push({ at: e.at, user: 'system', action: 'member-clear', alarmId: g.id, detail: `${m ? memberLabel(m) : e.subject}: ${e.message}` });
    const left = group.members.filter((x) => x.clearedAt === null).length;
    if (group.kind === 'rule' && left === 0) {
      g.message = this.groupMessage(g.ruleId, group, g.message);
      this.close(g, e.at, e.message, u, `All ${group.members.length} member${group.members.length === 1 ? '' : 's'} of ${group.name} cleared`);
      return;
    }
    g.message = this.groupMessage(g.ruleId, group, g.message);
    if (!u.changed.includes(g)) u.changed.push(g);
  }

  /** An outage cleared: its members still silent become alarms of their own (a sensor really broken stays visible). */
  private release(outage: Alarm, at: number, u: AlarmUpdate): void {
    for (const m of outage.group!.members) {
      if (m.clearedAt !== null) continue;
      const ruleId = m.ruleId ?? outage.ruleId;
      const severity = this.ruleInfo.get(ruleId)?.severity ?? 'info';
      const e: AlertEvent = { type: 'raise', ruleId, subject: m.subject, severity, at: m.raisedAt, message: m.message };
      if (m.value !== undefined) e.value = m.value;
      const why = `still not reporting when the outage of ${outage.group!.name} cleared`;
      this.current.delete(keyOf(ruleId, m.subject));
      this.raise(e, at, u, undefined, `${m.message} (${why}; held in ${outage.id} until then)`, { ...e, at, message: `${m.message} (${why})` });
    }
  }

  /** A group's message: how many members hold, and which came first. */
  private groupMessage(ruleId: string, group: AlarmGroup, fallback?: string): string {
    return groupMessage(this.ruleInfo.get(ruleId)?.name ?? ruleId, group, fallback);
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
    const open = [...new Set(this.current.values())].map((id) => this.alarms.get(id)!).sort((a, b) => a.raisedAt - b.raisedAt || cmp(a.id, b.id));
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
      const e: AlertEvent = { type: 'raise', ruleId: a.ruleId, subject: a.subject, severity: a.severity, at, message: `${a.message} (${why}; in alarm for ${formatSpan(at - a.raisedAt)})` };
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

/** A group's message (`ruleName`: its rule's name): how many members hold, and which came first (also replay/). */
export function groupMessage(ruleName: string, group: AlarmGroup, fallback?: string): string {
  const first = group.members.find((m) => m.subject === group.firstOut);
  if (!first) return fallback ?? group.name;
  const active = group.members.filter((m) => m.clearedAt === null).length;
  const firstText = `first: ${first.name ?? first.subject}`;
  if (group.kind === 'outage') return `No data from ${group.name}: ${active} not-reporting alarm${active === 1 ? '' : 's'} held in this outage (${firstText})`;
  const n = active || group.members.length;
  return `${ruleName}: ${n} sensor${n === 1 ? '' : 's'} in ${group.name}${active ? '' : ', all cleared'} (${firstText})`;
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

function memberLabel(m: AlarmMember): string {
  return m.name && m.name !== m.subject ? `${m.name} (${m.subject})` : m.subject;
}

function findLast<T>(list: readonly T[], f: (x: T) => boolean): T | undefined {
  for (let i = list.length - 1; i >= 0; i--) if (f(list[i]!)) return list[i];
  return undefined;
}

/** An instant inside a stored audit record (a record, like a file, keeps ISO 8601: audit/words.ts words it in the city's zone). */
function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
