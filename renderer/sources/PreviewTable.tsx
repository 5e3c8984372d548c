/** The preview: the first records as a table of raw fields, and what the mapping made of each (or why it was rejected). */
import type { PreviewResult } from '../../electron/engine/api';
import { formatNumber, formatTime } from '../panels/format';
import { useT } from '../i18n/i18n';
import { useTimeZone } from '../store';

/** Columns shown at most (the field pickers offer every path). */
const MAX_COLUMNS = 12;

function cell(v: unknown): string {
  if (v === undefined) return '';
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

export function PreviewTable({ preview }: { preview: PreviewResult }) {
  const tz = useTimeZone();
  const { t } = useT();
  const cols = preview.fieldPaths.slice(0, MAX_COLUMNS);
  const rejected = preview.rows.filter((r) => r.result && !r.result.ok).length;
  const mapped = preview.rows.filter((r) => r.result?.ok).length;
  return (
    <section className="preview" data-testid="source-preview-result">
      <h3>
        {t('sources.previewRecords', { count: preview.rows.length })}
        {preview.rows.some((r) => r.result) && t('sources.previewMapped', { mapped, rejected })}
        <span className="muted"> ({t(`sources.stoppedBy_${preview.stoppedBy}`)})</span>
      </h3>
      {preview.failure && (
        <p className="error" role="alert" data-testid="preview-failure">
          {t('sources.sourceFailed')} <strong>{preview.failure.reason}</strong> — {preview.failure.detail}
        </p>
      )}
      {preview.unparsable.length > 0 && (
        <ul className="error">
          {preview.unparsable.map((u, i) => (
            <li key={i}>{u.origin}: {u.reason} — {u.detail}</li>
          ))}
        </ul>
      )}
      {preview.rows.length > 0 && (
        <div className="preview-scroll">
          <table className="sources-table preview-table">
            <thead>
              <tr>
                <th>{t('sources.colRecord')}</th>
                {cols.map((c) => (
                  <th key={c}>{c}</th>
                ))}
                <th>{t('sources.colMapped')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r, i) => (
                <tr key={i} className={r.result && !r.result.ok ? 'rejected' : undefined} data-testid={r.result && !r.result.ok ? 'preview-rejected' : r.result ? 'preview-mapped' : 'preview-raw'}>
                  <td className="muted">{r.origin.replace(/^GET \S+ /, '')}</td>
                  {cols.map((c) => (
                    <td key={c}>{cell(r.fields[c])}</td>
                  ))}
                  <td>
                    {r.result === null ? (
                      <span className="muted">{t('sources.notMappedYet')}</span>
                    ) : r.result.ok ? (
                      <span>
                        {r.result.sensorId}
                        {r.result.position && ` @ ${formatNumber(r.result.position[0], { decimals: 4 })}, ${formatNumber(r.result.position[1], { decimals: 4 })}`} · {formatTime(r.result.ts, tz, 'stamp')} ·{' '}
                        {Object.entries(r.result.values).map(([k, v]) => `${k}=${formatNumber(v)}`).join(' ')}
                      </span>
                    ) : (
                      <span className="rejection">
                        {t('sources.rejectedLabel')} <strong>{r.result.reason}</strong> — {r.result.detail}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
