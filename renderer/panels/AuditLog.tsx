/**
 * The audit log: who did what, when (acknowledgements, shelving, muting, rule changes, automatic transitions). Reloads
 * when alarms or rules change, and on demand.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { AuditRecord, EngineClient } from '../../electron/engine/api';
import type { Sensor } from '../../electron/shared/model';
import type { SensorTypeRegistry } from '../../electron/shared/sensor-types/registry';
import { errorText } from '../platform/rpc-client';
import { useAppStore, useTimeZone } from '../store';
import { formatFeedTime } from './format';
import { SELF_DECLARED_HINT } from './SessionControl';

const AUDIT_LIMIT = 500;

/** The detail in words: text as is, objects as `key: value` pairs. */
export function auditDetailText(detail: unknown): string {
  if (detail === null || detail === undefined) return '';
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object') return String(detail);
  return Object.entries(detail as Record<string, unknown>)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
}

/** A record's subject in words: a sensor by its name and type ("Bruuns Galleri · Car park"), anything else as is. */
export function auditSubjectText(subject: string | null, catalogue: ReadonlyMap<string, Pick<Sensor, 'name' | 'kind'>>, registry: SensorTypeRegistry): string {
  if (subject === null) return '';
  const sensor = catalogue.get(subject);
  if (!sensor) return subject;
  return `${sensor.name || subject} · ${registry.get(sensor.kind)?.label ?? sensor.kind}`;
}

export function AuditLog({ client }: { client: EngineClient }) {
  const [records, setRecords] = useState<AuditRecord[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const alarms = useAppStore((s) => s.alarms);
  const rules = useAppStore((s) => s.rules);
  const shelves = useAppStore((s) => s.shelves);
  const session = useAppStore((s) => s.session);
  const open = useAppStore((s) => s.transport === 'open');
  const tz = useTimeZone();
  const catalogue = useAppStore((s) => s.catalogue);
  const registry = useAppStore((s) => s.registry);

  const load = useCallback(async (): Promise<void> => {
    try {
      setRecords(await client.call('audit', { limit: AUDIT_LIMIT }));
      setError(null);
    } catch (err) {
      setError(errorText(err));
    }
  }, [client]);

  useEffect(() => {
    if (!open) return;
    const t = setTimeout(() => void load(), 300); // coalesce bursts of changes
    return () => clearTimeout(t);
  }, [load, open, alarms, rules, shelves, session]);

  const shown = useMemo(() => {
    const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const list = records ?? [];
    if (!words.length) return list;
    return list.filter((r) => {
      const hay = `${r.user}\n${r.action}\n${r.subject ?? ''}\n${auditSubjectText(r.subject, catalogue, registry)}\n${auditDetailText(r.detail)}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [records, q, catalogue, registry]);

  return (
    <div className="audit-panel">
      <div className="toolbar">
        <input type="search" className="search" placeholder="Filter by person, action, alarm, rule…" value={q} onChange={(e) => setQ(e.target.value)} data-testid="audit-search" />
        <button type="button" className="btn" onClick={() => void load()}>
          Refresh
        </button>
        <span className="muted small">
          {records ? `${shown.length} of ${records.length} (newest ${AUDIT_LIMIT})` : 'loading…'}
        </span>
      </div>
      {error && <p className="error small">Audit log unavailable: {error}</p>}
      <table className="audit-table" data-testid="audit-log">
        <thead>
          <tr>
            <th>When</th>
            <th title={SELF_DECLARED_HINT}>Who (self-declared)</th>
            <th>What</th>
            <th>Subject</th>
            <th>Detail</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((r) => (
            <tr key={r.id} data-testid="audit-row" data-action={r.action}>
              <td className="mono">{formatFeedTime(r.at, tz)}</td>
              <td className={r.user === 'system' ? 'muted' : undefined} title={r.user === 'system' ? 'CityDesk itself' : SELF_DECLARED_HINT}>
                <bdi>{r.user}</bdi>
              </td>
              <td className="mono">{r.action}</td>
              <td className="small subject" title={r.subject ?? undefined}>
                {auditSubjectText(r.subject, catalogue, registry)}
              </td>
              <td className="small">{auditDetailText(r.detail)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
