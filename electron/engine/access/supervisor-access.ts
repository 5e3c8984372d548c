/**
 * Who may do what at the desk. Each connection has a session (role and self-declared user name); supervisor mode is
 * unlocked with the desk's passphrase. What this module guarantees:
 * - The first passphrase is set on the host side only (setFromHost: `npm run passphrase`, Electron's first-run
 *   dialog through the main process), never by an API caller; the API only changes an existing one, with the current.
 * - Wrong passphrases are counted engine-wide, in the cache: reconnecting or restarting does not reset the lockout.
 * - Verifications run one at a time, asynchronously (scrypt in the thread pool): the engine keeps answering.
 */
import { ApiError, type Session } from '../api';
import { PASSPHRASE_MAX, PASSPHRASE_MIN } from '../../shared/engine-control';
import type { Store } from '../store/store';
import { hashPassphrase, needsRehash, verifyPassphrase } from './passphrase-hash';
import { sanitizeUserName } from './user-name';

export interface SessionCtx {
  role: 'operator' | 'supervisor';
  /** Self-declared, cleaned by sanitizeUserName. */
  user: string;
}

/** A session may not do this (code 'forbidden'). */
export class RoleError extends ApiError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

export const NOT_CONFIGURED_MESSAGE =
  'no supervisor passphrase is set on this desk yet: it is set on the host, not from here (browser mode: stop the host and run `npm run passphrase -- --db <cache file>`; the desktop app asks for one the first time supervisor mode is opened)';

/** Consecutive wrong passphrases before a lockout, and its length (doubling with each further lockout, capped). */
export const LOCKOUT = { failures: 5, firstMs: 30_000, maxMs: 15 * 60_000 } as const;

/** The audit log's name for CityDesk itself; no person may take it. */
const SYSTEM_USER = 'system';
const HASH_KEY = 'supervisor_passphrase';
const FAILURES_KEY = 'supervisor_unlock_failures';

interface Failures {
  /** Consecutive wrong passphrases since the last success. */
  count: number;
  /** Wall ms until which unlocking is refused. */
  lockedUntil: number;
}

export class SupervisorAccess {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly now: () => number,
    private readonly log: (level: 'info' | 'warn' | 'error', msg: string) => void = () => {},
  ) {}

  /** A fresh session for a new connection. */
  newSession(user: string): SessionCtx {
    return { role: 'operator', user: sanitizeUserName(user) || 'operator' };
  }

  configured(): boolean {
    return this.store.meta(HASH_KEY) !== null;
  }

  session(ctx: SessionCtx): Session {
    return { role: ctx.role, user: ctx.user, supervisorConfigured: this.configured() };
  }

  setUser(ctx: SessionCtx, name: string): Session {
    const clean = sanitizeUserName(name);
    if (!clean) throw new ApiError('invalid-params', 'a name is needed', [{ path: 'name', message: 'a name is needed' }]);
    if (clean.toLowerCase() === SYSTEM_USER) throw new ApiError('invalid-params', `"${SYSTEM_USER}" is CityDesk's own name in the audit log`, [{ path: 'name', message: `"${SYSTEM_USER}" is CityDesk's own name in the audit log` }]);
    const before = ctx.user;
    ctx.user = clean;
    this.store.audit(clean, 'session.user', null, { before, selfDeclared: true });
    return this.session(ctx);
  }

  unlock(ctx: SessionCtx, passphrase: string): Promise<Session> {
    return this.serial(async () => {
      const stored = this.requireConfigured();
      await this.verifyCounted(ctx, passphrase, stored, 'wrong passphrase');
      ctx.role = 'supervisor';
      this.store.audit(ctx.user, 'supervisor.unlock', null, null);
      return this.session(ctx);
    });
  }

  lock(ctx: SessionCtx): Session {
    if (ctx.role === 'supervisor') this.store.audit(ctx.user, 'supervisor.lock', null, null);
    ctx.role = 'operator';
    return this.session(ctx);
  }

  /** The API's passphrase change: only an unlocked supervisor, only with the current passphrase. */
  changePassphrase(ctx: SessionCtx, current: string, next: string): Promise<Session> {
    return this.serial(async () => {
      const stored = this.requireConfigured();
      if (ctx.role !== 'supervisor') throw new RoleError('only a supervisor can change the passphrase: unlock supervisor mode first');
      await this.verifyCounted(ctx, current, stored, 'the current passphrase is wrong');
      this.store.setMeta(HASH_KEY, await hashPassphrase(next));
      this.store.audit(ctx.user, 'supervisor.passphrase-changed', null, null);
      return this.session(ctx);
    });
  }

  /**
   * The host side (a CLI with the cache file, or Electron's main process on first run) sets the passphrase. Without
   * `replace`, only on a desk that has none ('conflict' otherwise). Clears any lockout.
   */
  setFromHost(next: string, opts: { by: string; replace?: boolean }): Promise<void> {
    return this.serial(async () => {
      if (next.length < PASSPHRASE_MIN) throw new ApiError('invalid-params', `a passphrase has at least ${PASSPHRASE_MIN} characters`, [{ path: 'passphrase', message: `at least ${PASSPHRASE_MIN} characters` }]);
      if (next.length > PASSPHRASE_MAX) throw new ApiError('too-large', `a passphrase has at most ${PASSPHRASE_MAX} characters`);
      const existed = this.configured();
      if (existed && !opts.replace) throw new ApiError('conflict', 'a supervisor passphrase is already set on this desk');
      this.store.setMeta(HASH_KEY, await hashPassphrase(next));
      this.saveFailures({ count: 0, lockedUntil: 0 });
      this.store.audit(sanitizeUserName(opts.by) || 'host', existed ? 'supervisor.passphrase-reset' : 'supervisor.passphrase-set', null, { from: 'host' });
      this.log('info', existed ? 'supervisor passphrase reset on the host' : 'supervisor passphrase set on the host');
    });
  }

  /** Remaining lockout in ms (0 when unlocking is allowed). */
  lockedForMs(): number {
    return Math.max(0, this.failures().lockedUntil - this.now());
  }

  private requireConfigured(): string {
    const stored = this.store.meta(HASH_KEY);
    if (stored === null) throw new ApiError('not-configured', NOT_CONFIGURED_MESSAGE);
    return stored;
  }

  /** Checks a passphrase against the lockout and the stored hash; counts failures; upgrades an old hash on success. */
  private async verifyCounted(ctx: SessionCtx, pass: string, stored: string, wrongMessage: string): Promise<void> {
    const wait = this.lockedForMs();
    if (wait > 0) throw new ApiError('rate-limited', `too many wrong passphrases: try again in ${Math.ceil(wait / 1000)} s`);
    if (!(await verifyPassphrase(pass, stored))) {
      const f = this.failures();
      const count = f.count + 1;
      const over = count - LOCKOUT.failures;
      const lockedUntil = over >= 0 ? this.now() + Math.min(LOCKOUT.maxMs, LOCKOUT.firstMs * 2 ** Math.min(over, 10)) : f.lockedUntil;
      this.saveFailures({ count, lockedUntil });
      this.store.audit(ctx.user, 'supervisor.unlock-failed', null, { consecutive: count });
      if (over >= 0) this.log('warn', `supervisor unlock: ${count} wrong passphrases in a row, locked for ${Math.round((lockedUntil - this.now()) / 1000)} s`);
      throw new RoleError(wrongMessage);
    }
    if (this.failures().count !== 0) this.saveFailures({ count: 0, lockedUntil: 0 });
    if (needsRehash(stored)) {
      this.store.setMeta(HASH_KEY, await hashPassphrase(pass));
      this.log('info', 'supervisor passphrase hash upgraded to the current scrypt parameters');
    }
  }

  private failures(): Failures {
    const raw = this.store.meta(FAILURES_KEY);
    if (raw === null) return { count: 0, lockedUntil: 0 };
    try {
      const f = JSON.parse(raw) as Partial<Failures>;
      const count = typeof f.count === 'number' && Number.isFinite(f.count) ? f.count : 0;
      const lockedUntil = typeof f.lockedUntil === 'number' && Number.isFinite(f.lockedUntil) ? f.lockedUntil : 0;
      return { count, lockedUntil };
    } catch {
      // An unreadable counter fails safe: the next wrong passphrase locks.
      return { count: LOCKOUT.failures - 1, lockedUntil: 0 };
    }
  }

  private saveFailures(f: Failures): void {
    this.store.setMeta(FAILURES_KEY, JSON.stringify(f));
  }

  /** One passphrase operation at a time: concurrent attempts cannot slip past the counter, and scrypt runs once. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
