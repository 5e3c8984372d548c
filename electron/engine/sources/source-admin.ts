/**
 * Connecting sources from the desk (issue 8, item 7), the engine's side: a supervisor previews and saves source
 * documents; each save is validated by the hub (path errors), stored as a new version with its author, time and desk
 * (the audit log too), its credentials sealed (./secret-box.ts), and applied to the hub, which starts the source. At
 * engine start the stored sources are applied again. Credentials never leave the engine towards the renderer: the
 * renderer learns which keys are stored, never a value; exports carry the document, which holds only references.
 *
 * The hub is reached through its admin port (electron/shared/source-admin.ts): the embedded hub's, given by the host.
 * A desk on a remote hub has no port: it sees that hub's source states (its `sources` message) but cannot connect
 * sources from here ('unavailable').
 */
import { hostname } from 'node:os';
import { ApiError } from '../api';
import { RoleError, type SessionCtx } from '../access/supervisor-access';
import type { Store } from '../store/store';
import type { StoredSourceVersion } from '../store/source-configs';
import { SECRET_KEY_PATTERN, SECRET_REF_PREFIX, type AdminIssue, type PreviewResult, type SourceAdminPort, type SourceDocument } from '../../shared/source-admin';
import type { SourceStatus } from '../../shared/source-status';
import type { SensorType } from '../../shared/sensor-types/types';
import { keyFileOf, loadOrCreateKey, SecretBox } from './secret-box';

export interface SourceSummary {
  id: string;
  version: number;
  /** The document as saved (credentials are references only). */
  document: SourceDocument | null;
  /** Keys of the credentials stored for it (never their values). */
  storedSecrets: string[];
  author: string;
  desk: string;
  savedAt: number;
  /** Why the stored version cannot be used, or null. */
  broken: string | null;
}

export interface SourcesOverview {
  /** Whether sources can be connected from this desk (an embedded hub). */
  canConnect: boolean;
  statuses: SourceStatus[];
  /** The sources connected at this desk (current versions, removed ones left out). */
  saved: SourceSummary[];
  /** Types the hub knows, for the type picker. */
  types: SensorType[];
}

type Log = (level: 'info' | 'warn' | 'error', msg: string) => void;

export class SourceAdmin {
  private box: SecretBox | null = null;
  private remote: SourceStatus[] = [];

  constructor(
    private readonly store: Store,
    private readonly port: SourceAdminPort | null,
    private readonly log: Log,
    private readonly now: () => number,
    private readonly desk: string = safeHostname(),
  ) {}

  /** The states a remote hub sent in its `sources` message (feed connection). */
  setRemoteStatus(statuses: SourceStatus[]): void {
    this.remote = statuses;
  }

  /** Applies every stored source to the hub (at engine start). Problems are logged and shown in the status. */
  async restore(): Promise<void> {
    if (!this.port) return;
    for (const v of this.store.sourceConfigs().currentVersions()) {
      if (v.removed) continue;
      if (v.jsonError) {
        this.log('warn', `connected source ${v.id} v${v.version} not started: ${v.jsonError}`);
        continue;
      }
      try {
        const r = await this.port.apply(v.json as SourceDocument, this.unseal(v));
        if (!r.ok) this.log('warn', `connected source ${v.id} v${v.version} not started: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
      } catch (e) {
        this.log('warn', `connected source ${v.id} v${v.version} not started: ${(e as Error).message}`);
      }
    }
  }

  overview(session: SessionCtx): SourcesOverview {
    requireSupervisor(session, 'see the sources');
    const saved = this.store
      .sourceConfigs()
      .currentVersions()
      .filter((v) => !v.removed)
      .map(summary);
    return { canConnect: this.port !== null, statuses: this.port ? this.port.status() : this.remote, saved, types: this.port ? this.port.types() : [] };
  }

  async preview(session: SessionCtx, document: unknown, secrets: Record<string, string>, limits: { maxRecords: number; maxMs: number }): Promise<PreviewResult> {
    requireSupervisor(session, 'preview a source');
    const port = this.requirePort();
    const doc = asDocument(document);
    const merged = this.withStored(doc, secrets);
    return port.preview(doc, merged, limits);
  }

  async save(session: SessionCtx, document: unknown, secrets: Record<string, string>): Promise<SourceSummary> {
    requireSupervisor(session, 'connect a source');
    const port = this.requirePort();
    const doc = asDocument(document);
    const refs = secretRefsOf(doc.source);
    const missingKeys = [...refs].filter((k) => !SECRET_KEY_PATTERN.test(k));
    if (missingKeys.length > 0) throw invalid([{ path: 'source.connection', message: `secret keys must be upper-case letters, digits and _: ${missingKeys.join(', ')}` }]);
    const checked = port.validate(doc);
    if (!checked.ok) throw invalid(checked.issues);
    const id = String(doc.source.id);
    const all = this.withStored(doc, secrets);
    const missing = [...refs].filter((k) => !(k in all));
    if (missing.length > 0) throw invalid(missing.map((k) => ({ path: `secrets.${k}`, message: 'enter this credential (none is stored for this source)' })));
    const box = this.secretBox();
    const sealed: Record<string, string> = {};
    for (const k of refs) sealed[k] = box.seal(all[k]!, `${id}/${k}`);
    const applied = await port.apply(doc, all);
    if (!applied.ok) throw invalid(applied.issues);
    const version = this.store.sourceConfigs().save(id, doc, sealed, session.user, this.desk, this.now());
    this.store.audit(session.user, 'source.save', `source:${id}`, { version, type: doc.source.type, sensorType: doc.source.sensorType ?? null, desk: this.desk, credentials: [...refs] });
    this.log('info', `source ${id} v${version} saved by ${session.user} and started`);
    return summary(this.store.sourceConfigs().versions(id)[0]!);
  }

  async remove(session: SessionCtx, id: string): Promise<{ removed: boolean }> {
    requireSupervisor(session, 'remove a source');
    const port = this.requirePort();
    const current = this.store.sourceConfigs().versions(id)[0];
    if (!current || current.removed) throw new ApiError('not-found', `no connected source ${id}`);
    await port.remove(id);
    const version = this.store.sourceConfigs().save(id, null, {}, session.user, this.desk, this.now());
    this.store.audit(session.user, 'source.remove', `source:${id}`, { version, desk: this.desk });
    return { removed: true };
  }

  versions(session: SessionCtx, id: string): SourceSummary[] {
    requireSupervisor(session, 'see a source\'s versions');
    return this.store.sourceConfigs().versions(id).map(summary);
  }

  /** A version's document for download: credentials are references only (their values stay sealed in the cache). */
  export(session: SessionCtx, id: string, version?: number): { schema: 1; exportedAt: string; version: number; document: SourceDocument } {
    requireSupervisor(session, 'export a source');
    const v = this.store.sourceConfigs().versions(id).find((x) => (version === undefined ? !x.removed : x.version === version));
    if (!v || v.removed || v.jsonError) throw new ApiError('not-found', `no exportable version of source ${id}${version !== undefined ? ` v${version}` : ''}`);
    return { schema: 1, exportedAt: new Date(this.now()).toISOString(), version: v.version, document: v.json as SourceDocument };
  }

  private requirePort(): SourceAdminPort {
    if (!this.port) throw new ApiError('unavailable', 'this desk runs on a remote hub: connect sources in that hub\'s config (npm run hub -- --config FILE)');
    return this.port;
  }

  private secretBox(): SecretBox {
    return (this.box ??= new SecretBox(loadOrCreateKey(keyFileOf(this.store.file), (m) => this.log('warn', `source key file tightened: ${m}`))));
  }

  private unseal(v: StoredSourceVersion): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, sealed] of Object.entries(v.sealed)) out[k] = this.secretBox().open(sealed, `${v.id}/${k}`);
    return out;
  }

  /** The secrets typed now, plus the stored ones of the same source for the keys left empty ("stored" in the form). */
  private withStored(doc: SourceDocument, typed: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    const id = typeof doc.source.id === 'string' ? doc.source.id : null;
    const current = id ? this.store.sourceConfigs().versions(id).find((x) => !x.removed) : undefined;
    if (current) {
      try {
        Object.assign(out, this.unseal(current));
      } catch (e) {
        this.log('warn', `stored credentials of ${id} unreadable: ${(e as Error).message}`);
      }
    }
    for (const [k, v] of Object.entries(typed)) if (v !== '') out[k] = v;
    return out;
  }
}

function requireSupervisor(session: SessionCtx, what: string): void {
  if (session.role !== 'supervisor') throw new RoleError(`only a supervisor can ${what}: unlock supervisor mode first`);
}

function invalid(issues: AdminIssue[]): ApiError {
  return new ApiError('invalid-params', `the source is not valid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
}

function asDocument(document: unknown): SourceDocument {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw invalid([{ path: '', message: 'a source document is an object' }]);
  const d = document as { source?: unknown; newType?: unknown };
  if (d.source === null || typeof d.source !== 'object' || Array.isArray(d.source)) throw invalid([{ path: 'source', message: 'the source is an object' }]);
  return { source: d.source as Record<string, unknown>, ...(d.newType !== undefined && d.newType !== null ? { newType: d.newType } : {}) };
}

/** Keys of the secret references `{ "env": "CITYDESK_SECRET_<KEY>" }` anywhere in a source. */
function secretRefsOf(v: unknown, out = new Set<string>(), depth = 0): Set<string> {
  if (v === null || typeof v !== 'object' || depth > 20) return out;
  const env = (v as { env?: unknown }).env;
  if (typeof env === 'string' && env.startsWith(SECRET_REF_PREFIX)) out.add(env.slice(SECRET_REF_PREFIX.length));
  for (const x of Object.values(v)) secretRefsOf(x, out, depth + 1);
  return out;
}

function summary(v: StoredSourceVersion): SourceSummary {
  return {
    id: v.id,
    version: v.version,
    document: v.removed || v.jsonError ? null : (v.json as SourceDocument),
    storedSecrets: Object.keys(v.sealed).sort(),
    author: v.author,
    desk: v.desk,
    savedAt: v.createdAt,
    broken: v.jsonError,
  };
}

function safeHostname(): string {
  try {
    return hostname() || 'desk';
  } catch {
    return 'desk';
  }
}
