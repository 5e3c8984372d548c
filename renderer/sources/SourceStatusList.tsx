/** Every source's state as the hub reports it: ok / failing and why, last record, records per minute, rejections by reason with examples. */
import type { SourceStatus } from '../../electron/shared/source-status';
import { WallRelativeTime } from '../time/RelativeTime';
import { useT } from '../i18n/i18n';
import { formatInt, formatNumber } from '../panels/format';

export function SourceStatusList({ statuses }: { statuses: SourceStatus[] }) {
  const { t } = useT();
  const now = Date.now();
  if (statuses.length === 0) return <p className="muted">{t('sources.noneReported')}</p>;
  return (
    <table className="sources-table" data-testid="source-status">
      <thead>
        <tr><th>{t('sources.colSource')}</th><th>{t('sources.colType')}</th><th>{t('sources.colState')}</th><th>{t('sources.colLastRecord')}</th><th>{t('sources.colPerMinute')}</th><th>{t('sources.colSensors')}</th><th>{t('sources.colRejected')}</th></tr>
      </thead>
      <tbody>
        {statuses.map((s) => {
          const rejected = Object.entries(s.rejected).sort((a, b) => b[1] - a[1]);
          return (
            <tr key={s.id} data-testid={`source-row-${s.id}`} data-state={s.state}>
              <td>
                <strong>{s.name}</strong>
                <div className="muted">{s.id} · {s.sensorType}</div>
              </td>
              <td>{t(`sources.sourceType_${s.type}`)}</td>
              <td>
                <span className={`source-state source-state-${s.state}`}>{t(`sources.state_${s.state}`)}</span>
                {s.failure && (
                  <div className="source-failure" data-testid={`source-failure-${s.id}`}>
                    {s.failure.reason}: {s.failure.detail}
                    {s.failure.retryAt !== null && <span className="muted"> {t('sources.retriesIn', { s: formatNumber(Math.max(0, Math.round((s.failure.retryAt - now) / 1000))) })}</span>}
                  </div>
                )}
              </td>
              <td><WallRelativeTime at={s.lastRecordAt} /></td>
              <td>{formatInt(s.recordsPerMinute)}</td>
              <td>{formatInt(s.sensors)}</td>
              <td>
                {rejected.length === 0 ? (
                  '0'
                ) : (
                  <details>
                    <summary>{rejected.map(([r, n]) => `${r} ${formatInt(n)}`).join(', ')}</summary>
                    <ul className="reject-examples">
                      {s.examples.map((e, i) => (
                        <li key={i}>
                          <strong>{e.reason}</strong> {e.detail} <span className="muted">({e.origin})</span>
                        </li>
                      ))}
                    </ul>
                  </details>
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
