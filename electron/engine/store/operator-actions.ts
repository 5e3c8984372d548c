/** The operator-action outbox: notes and acknowledgements queued durably until the feed accepts or refuses them. */
import type Database from 'better-sqlite3';
import type { OperatorAction } from '../api';
import type { AuditLog } from './audit-log';

export interface NewOperatorAction {
  id: string;
  kind: OperatorAction['kind'];
  sensorId: string | null;
  alarmId?: string | null;
  text: string;
  user: string;
  createdAt: number;
}

interface ActionRow {
  id: string;
  kind: string;
  sensor_id: string | null;
  payload: string;
  user: string;
  created_at: number;
  status: OperatorAction['status'];
  sent_at: number | null;
  error: string | null;
}

export class OperatorActionTable {
  private readonly insert: Database.Statement<{ id: string; kind: string; sensorId: string | null; payload: string; user: string; createdAt: number }>;
  private readonly one: Database.Statement<[string], ActionRow>;
  private readonly mark: Database.Statement<[string, number | null, string | null, string]>;
  private readonly queued: Database.Statement<[], { n: number }>;

  constructor(
    private readonly db: Database.Database,
    private readonly audit: AuditLog,
    private readonly now: () => number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO operator_actions (id, seq, kind, sensor_id, payload, user, created_at, status)
       VALUES (@id, (SELECT coalesce(max(seq), 0) + 1 FROM operator_actions), @kind, @sensorId, @payload, @user, @createdAt, 'queued')`,
    );
    this.one = db.prepare('SELECT * FROM operator_actions WHERE id = ?');
    this.mark = db.prepare('UPDATE operator_actions SET status = ?, sent_at = ?, error = ?, attempts = attempts + 1 WHERE id = ?');
    this.queued = db.prepare("SELECT count(*) AS n FROM operator_actions WHERE status = 'queued'");
  }

  enqueue(a: NewOperatorAction): OperatorAction {
    this.db.transaction(() => {
      this.insert.run({ id: a.id, kind: a.kind, sensorId: a.sensorId, payload: JSON.stringify({ text: a.text, alarmId: a.alarmId ?? null }), user: a.user, createdAt: a.createdAt });
      // A note is audited here; an acknowledgement is audited by the alarm book (alarm.acknowledge).
      if (a.kind === 'note') this.audit.add(a.user, 'note.add', a.sensorId, { id: a.id, text: a.text }, a.createdAt);
    })();
    return this.get(a.id)!;
  }

  /** Actions as another cache recorded them (an incident pack opened read-only): status kept, nothing audited again. */
  importRecorded(actions: readonly OperatorAction[]): void {
    const insert = this.db.prepare(
      `INSERT OR IGNORE INTO operator_actions (id, seq, kind, sensor_id, payload, user, created_at, status, sent_at, error)
       VALUES (@id, (SELECT coalesce(max(seq), 0) + 1 FROM operator_actions), @kind, @sensorId, @payload, @user, @createdAt, @status, @sentAt, @error)`,
    );
    this.db.transaction(() => {
      for (const a of actions)
        insert.run({ id: a.id, kind: a.kind, sensorId: a.sensorId, payload: JSON.stringify({ text: a.text, alarmId: a.alarmId }), user: a.user, createdAt: a.createdAt, status: a.status, sentAt: a.sentAt, error: a.error });
    })();
  }

  get(id: string): OperatorAction | null {
    const row = this.one.get(id);
    return row ? toAction(row) : null;
  }

  list(opts: { sensorId?: string; status?: OperatorAction['status']; limit?: number; oldestFirst?: boolean } = {}): OperatorAction[] {
    const where: string[] = [];
    const params: (string | number)[] = [];
    if (opts.sensorId) {
      where.push('sensor_id = ?');
      params.push(opts.sensorId);
    }
    if (opts.status) {
      where.push('status = ?');
      params.push(opts.status);
    }
    const sql = `SELECT * FROM operator_actions ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq ${opts.oldestFirst ? 'ASC' : 'DESC'} LIMIT ?`;
    params.push(opts.limit ?? 200);
    return this.db.prepare<(string | number)[], ActionRow>(sql).all(...params).map(toAction);
  }

  markSent(id: string, status: 'sent' | 'rejected', error: string | null, user: string): OperatorAction | null {
    const now = this.now();
    this.db.transaction(() => {
      this.mark.run(status, status === 'sent' ? now : null, error, id);
      this.audit.add(user, `action.${status}`, id, { error }, now);
    })();
    return this.get(id);
  }

  queuedCount(): number {
    return this.queued.get()!.n;
  }
}

function toAction(r: ActionRow): OperatorAction {
  const payload = JSON.parse(r.payload) as { text?: string; alarmId?: string | null };
  const kind: OperatorAction['kind'] = r.kind === 'alarm-ack' ? 'alarm-ack' : 'note';
  return { id: r.id, kind, sensorId: r.sensor_id, alarmId: payload.alarmId ?? null, text: payload.text ?? '', user: r.user, createdAt: r.created_at, status: r.status, sentAt: r.sent_at, error: r.error };
}
