/**
 * "Export pack" for an incident (issue 10 item 6): writes the incident pack (incident-pack/FORMAT.md) through the
 * engine with a progress bar and a Cancel button, then shows where it is (the folder on the engine's machine), its
 * files with their sizes and, in browser mode, a download link for the zip. The incidents view renders it for a saved
 * bookmark or for a window and area being looked at.
 */
import { useState } from 'react';
import type { EngineClient, PackResult } from '../../electron/engine/api';
import { formatBytes } from '../panels/format';
import { RunProgress, useRunProgress } from '../panels/RunProgress';
import { isElectron } from '../platform';
import { errorText, hasErrorCode } from '../platform/rpc-client';
import { t as tr, useT } from '../i18n/i18n';

export interface PackExportProps {
  client: EngineClient;
  /** A saved bookmark, or a window (feed time) and a drawn area (GeoJSON Polygon) given directly. */
  incidentId?: string;
  from?: number;
  to?: number;
  area?: { type: 'Polygon'; coordinates: [number, number][][] } | null;
  name?: string;
  instants?: number[];
}

type Outcome = { state: 'idle' } | { state: 'done'; result: PackResult } | { state: 'failed'; message: string };

let nextId = 0;

export function PackExport(props: PackExportProps) {
  const { client } = props;
  const { t } = useT();
  const [outcome, setOutcome] = useState<Outcome>({ state: 'idle' });
  const [zip, setZip] = useState(!isElectron());
  /** The pack being written: its id (progress events, Cancel) and how far it got; leaving the view cancels it. */
  const { running, setRunning, runningId } = useRunProgress(client, 'pack');

  const start = async () => {
    const id = `pack-${Date.now().toString(36)}-${nextId++}`;
    runningId.current = id;
    setOutcome({ state: 'idle' });
    setRunning({ id, done: 0, stage: 'starting' });
    try {
      const result = await client.call('exportIncidentPack', {
        id,
        zip,
        ...(props.incidentId !== undefined ? { incidentId: props.incidentId } : {}),
        ...(props.from !== undefined ? { from: props.from } : {}),
        ...(props.to !== undefined ? { to: props.to } : {}),
        ...(props.area !== undefined ? { area: props.area } : {}),
        ...(props.name !== undefined ? { name: props.name } : {}),
        ...(props.instants !== undefined ? { instants: props.instants } : {}),
      });
      setOutcome({ state: 'done', result });
    } catch (e) {
      setOutcome(hasErrorCode(e, 'cancelled') ? { state: 'idle' } : { state: 'failed', message: errorText(e) });
    } finally {
      runningId.current = null;
      setRunning(null);
    }
  };

  const cancel = () => {
    const id = runningId.current;
    if (id) void client.call('cancelIncidentPack', { id }).catch((e: unknown) => setOutcome({ state: 'failed', message: tr('incidents.pack.cannotCancel', { error: errorText(e) }) }));
  };

  return (
    <section className="pack-export" data-testid="pack-export" aria-label={t('incidents.pack.label')}>
      {running ? (
        <RunProgress progress={running} className="pack-progress" label={t('incidents.pack.progress')} testId="pack-progress" cancelTestId="pack-cancel" cancelText={t('common.cancel')} onCancel={cancel} />
      ) : (
        <div className="pack-start">
          <button type="button" onClick={() => void start()} data-testid="pack-export-start">
            {t('incidents.pack.export')}
          </button>
          <label>
            <input type="checkbox" checked={zip} onChange={(e) => setZip(e.target.checked)} /> {t('incidents.pack.alsoZip')}
          </label>
        </div>
      )}
      {outcome.state === 'failed' && (
        <p className="error" role="alert">
          {t('incidents.pack.failed', { message: outcome.message })}
        </p>
      )}
      {outcome.state === 'done' && <PackWritten result={outcome.result} />}
    </section>
  );
}

function PackWritten({ result }: { result: PackResult }) {
  const { t, locale } = useT();
  return (
    <div className="pack-result" data-testid="pack-result">
      <p>
        {t('incidents.pack.written', { s: (result.ms / 1000).toLocaleString(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), size: formatBytes(result.bytes) })} <code data-testid="pack-dir">{result.dir}</code>
        {result.zip && (
          <>
            {' '}
            {t('incidents.pack.and')} <code>{result.zip}</code>
          </>
        )}
      </p>
      {result.downloadPath && !isElectron() && (
        <p>
          <a href={result.downloadPath} download data-testid="pack-download">
            {t('incidents.pack.download')}
          </a>
        </p>
      )}
      <table className="pack-files">
        <thead>
          <tr>
            <th>{t('incidents.pack.file')}</th>
            <th>{t('incidents.pack.size')}</th>
          </tr>
        </thead>
        <tbody>
          {result.files.map((f) => (
            <tr key={f.path}>
              <td>{f.path}</td>
              <td>{formatBytes(f.bytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
