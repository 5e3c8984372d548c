/**
 * Sources (supervisors): every source's state, live from the hub (polled every 2 s while open), and "Connect a
 * source": type, connection, credentials (shown as "stored", never sent back), a live preview of the first records
 * with the mapping applied and each rejection explained, field pickers fed by the preview, a registry type or a new
 * one, save (versioned, audited) and export. Errors from the engine are shown at the fields they name.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { EngineClient, PreviewResult, SourceSummary, SourcesOverview } from '../../electron/engine/api';
import type { SourceStatus } from '../../electron/shared/source-status';
import { documentOf, draftOf, emptyDraft, hasMapping, issuesByField, needsSecret, secretsOf, typeOfDraft, type SourceDraft } from './draft';
import { SourceStatusList } from './SourceStatusList';
import { PreviewTable } from './PreviewTable';
import './sources.css';
import { formatTime } from '../panels/format';
import { useTimeZone } from '../store';
import { currentLanguage, useT } from '../i18n/i18n';
import { localizeType } from '../i18n/typeWords';

type Issue = { path: string; message: string };

function issuesOf(e: unknown): Issue[] {
  const err = e as { issues?: Issue[]; message?: string };
  return err.issues && err.issues.length > 0 ? err.issues : [{ path: '', message: err.message ?? String(e) }];
}

export function SourcesPanel({ client, onClose }: { client: EngineClient; onClose: () => void }) {
  const tz = useTimeZone();
  const { t } = useT();
  const [overview, setOverview] = useState<SourcesOverview | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [draft, setDraft] = useState<SourceDraft | null>(null);
  const [stored, setStored] = useState<string[]>([]);
  const [versions, setVersions] = useState<SourceSummary[] | null>(null);

  const refresh = useCallback(() => {
    client.call('sources', {}).then(
      (o) => {
        setOverview(o);
        setLoadError(null);
      },
      (e: unknown) => setLoadError((e as Error).message),
    );
  }, [client]);
  useEffect(() => {
    refresh();
    const timer = setInterval(refresh, 2000);
    return () => clearInterval(timer);
  }, [refresh]);

  const exportSource = async (id: string, version?: number) => {
    const out = await client.call('exportSource', version !== undefined ? { id, version } : { id });
    const blob = new Blob([JSON.stringify(out, null, 2)], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `source-${id}-v${out.version}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 1000);
  };

  return (
    <div className="sources-overlay" role="dialog" aria-label={t('sources.title')} data-testid="sources-panel">
      <header className="sources-head">
        <h2>{t('sources.title')}</h2>
        {overview && !overview.canConnect && <span className="muted">{t('sources.remoteHub')}</span>}
        <span className="spacer" />
        {overview?.canConnect && !draft && (
          <button type="button" className="primary" data-testid="connect-source" onClick={() => (setDraft(emptyDraft()), setStored([]))}>
            {t('sources.connect')}
          </button>
        )}
        <button type="button" className="close" onClick={onClose} aria-label={t('sources.closeSources')}>×</button>
      </header>
      {loadError && <p className="error" role="alert">{loadError}</p>}
      <div className="sources-body">
        {draft ? (
          <ConnectForm
            client={client}
            initial={draft}
            stored={stored}
            overview={overview}
            onDone={() => {
              setDraft(null);
              refresh();
            }}
          />
        ) : (
          <>
            <SourceStatusList statuses={overview?.statuses ?? []} />
            {overview && overview.saved.length > 0 && (
              <section className="sources-saved">
                <h3>{t('sources.savedHeading')}</h3>
                <table className="sources-table" data-testid="saved-sources">
                  <thead>
                    <tr><th>{t('sources.colSource')}</th><th>{t('sources.colVersion')}</th><th>{t('sources.colSavedBy')}</th><th>{t('sources.colDesk')}</th><th>{t('sources.colWhen')}</th><th>{t('sources.colCredentials')}</th><th /></tr>
                  </thead>
                  <tbody>
                    {overview.saved.map((s) => (
                      <tr key={s.id}>
                        <td>{s.id}</td>
                        <td>{t('sources.version', { n: s.version })}</td>
                        <td><bdi>{s.author}</bdi></td>
                        <td>{s.desk}</td>
                        <td>{formatTime(s.savedAt, tz, 'dateTime')}</td>
                        <td>{s.storedSecrets.length > 0 ? t('sources.storedEncrypted', { keys: s.storedSecrets.join(', ') }) : t('sources.none')}</td>
                        <td className="actions">
                          <button type="button" disabled={!s.document} onClick={() => s.document && (setDraft(draftOf(s.document)), setStored(s.storedSecrets))}>{t('sources.edit')}</button>
                          <button type="button" onClick={() => void client.call('sourceVersions', { id: s.id }).then(setVersions)}>{t('sources.versions')}</button>
                          <button type="button" onClick={() => void exportSource(s.id)}>{t('sources.exportJson')}</button>
                          <button type="button" onClick={() => void client.call('removeSource', { id: s.id }).then(refresh)}>{t('sources.remove')}</button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                {versions && (
                  <div className="source-versions" data-testid="source-versions">
                    <h4>{t('sources.versionsOf', { id: versions[0]?.id ?? '' })}</h4>
                    <ul>
                      {versions.map((v) => (
                        <li key={v.version}>
                          {t(v.document ? 'sources.versionSavedBy' : 'sources.versionRemovedBy', { n: v.version })} <bdi>{v.author}</bdi> {t('sources.versionWhere', { desk: v.desk, time: formatTime(v.savedAt, tz, 'dateTime') })}{' '}
                          {v.document && <button type="button" onClick={() => void exportSource(v.id, v.version)}>{t('sources.export')}</button>}
                        </li>
                      ))}
                    </ul>
                    <button type="button" onClick={() => setVersions(null)}>{t('sources.closeVersions')}</button>
                  </div>
                )}
              </section>
            )}
          </>
        )}
      </div>
    </div>
  );
}

export type { SourceStatus };

function FieldError({ issues, at }: { issues: Map<string, string[]>; at: string }) {
  const list = issues.get(at);
  if (!list) return null;
  return (
    <span className="field-error" role="alert" data-testid={`error-${at}`}>
      {list.join('; ')}
    </span>
  );
}

function FieldPicker({ label, value, paths, onChange, testId }: { label: string; value: string; paths: string[]; onChange: (v: string) => void; testId: string }) {
  const options = value && !paths.includes(value) ? [value, ...paths] : paths;
  return (
    <label className="form-row">
      <span>{label}</span>
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">—</option>
        {options.map((p) => (
          <option key={p} value={p}>{p}</option>
        ))}
      </select>
    </label>
  );
}

function ConnectForm({ client, initial, stored, overview, onDone }: { client: EngineClient; initial: SourceDraft; stored: string[]; overview: SourcesOverview | null; onDone: () => void }) {
  const { t, locale } = useT();
  const [d, setD] = useState<SourceDraft>(initial);
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [saved, setSaved] = useState<SourceSummary | null>(null);
  const set = <K extends keyof SourceDraft>(k: K, v: SourceDraft[K]) => setD((x) => ({ ...x, [k]: v }));
  // The shipped types' words in the operator's language (a council's own type keeps its own words).
  const types = useMemo(() => (overview?.types ?? []).map((x) => localizeType(x, currentLanguage().id)), [overview, locale]);
  const byField = issuesByField(issues);
  const paths = preview?.fieldPaths ?? [];
  const type = typeOfDraft(d, types);

  const runPreview = async () => {
    setBusy('preview');
    setIssues([]);
    try {
      const p = await client.call('previewSource', { document: documentOf(d, { mapping: true }), secrets: secretsOf(d), maxRecords: 50, maxSeconds: 10 });
      setPreview(p);
      setIssues(p.issues);
    } catch (e) {
      setIssues(issuesOf(e));
    } finally {
      setBusy(null);
    }
  };
  const save = async () => {
    setBusy('save');
    setIssues([]);
    try {
      setSaved(await client.call('saveSource', { document: documentOf(d, { mapping: true }), secrets: secretsOf(d) }));
    } catch (e) {
      setIssues(issuesOf(e));
    } finally {
      setBusy(null);
    }
  };
  const storedKey = d.type === 'http' && d.auth === 'bearer' ? 'TOKEN' : 'PASSWORD';

  return (
    <form className="connect-form" data-testid="connect-form" onSubmit={(e) => e.preventDefault()}>
      <div className="connect-columns">
        <fieldset>
          <legend>{t('sources.connection')}</legend>
          <label className="form-row">
            <span>{t('sources.type')}</span>
            <select value={d.type} onChange={(e) => set('type', e.target.value as SourceDraft['type'])} data-testid="source-type">
              <option value="http">{t('sources.typeHttp')}</option>
              <option value="mqtt">{t('sources.typeMqtt')}</option>
              <option value="sensorthings">{t('sources.typeSensorThings')}</option>
              <option value="file">{t('sources.typeFile')}</option>
            </select>
          </label>
          <label className="form-row">
            <span>{t('sources.id')}</span>
            <input value={d.id} onChange={(e) => set('id', e.target.value)} placeholder={t('sources.idPlaceholder')} data-testid="source-id" />
          </label>
          <FieldError issues={byField} at="source.id" />
          <label className="form-row">
            <span>{t('sources.name')}</span>
            <input value={d.name} onChange={(e) => set('name', e.target.value)} data-testid="source-name" />
          </label>
          <FieldError issues={byField} at="source.name" />
          {d.type === 'file' ? (
            <label className="form-row">
              <span>{t('sources.files')}</span>
              <textarea value={d.files} onChange={(e) => set('files', e.target.value)} rows={2} data-testid="source-files" />
            </label>
          ) : (
            <label className="form-row">
              <span>{t('sources.url')}</span>
              <input value={d.url} onChange={(e) => set('url', e.target.value)} placeholder={d.type === 'mqtt' ? t('sources.urlPlaceholderMqtt') : t('sources.urlPlaceholder')} data-testid="source-url" />
            </label>
          )}
          <FieldError issues={byField} at="source.connection.url" />
          <FieldError issues={byField} at="source.connection.files" />
          {d.type === 'mqtt' && (
            <label className="form-row">
              <span>{t('sources.topic')}</span>
              <input value={d.topic} onChange={(e) => set('topic', e.target.value)} placeholder={t('sources.topicPlaceholder')} data-testid="source-topic" />
            </label>
          )}
          <FieldError issues={byField} at="source.connection.topics" />
          {(d.type === 'http' || d.type === 'file') && (
            <label className="form-row">
              <span>{t('sources.format')}</span>
              <select value={d.format} onChange={(e) => set('format', e.target.value as SourceDraft['format'])} data-testid="source-format">
                <option value="">{t('sources.formatAuto')}</option>
                <option value="geojson">{t('sources.formatGeojson')}</option>
                <option value="json">{t('sources.formatJson')}</option>
                <option value="csv">{t('sources.formatCsv')}</option>
                <option value="ndjson">{t('sources.formatNdjson')}</option>
              </select>
            </label>
          )}
          {d.type === 'http' && (
            <label className="form-row">
              <span>{t('sources.credentials')}</span>
              <select value={d.auth} onChange={(e) => set('auth', e.target.value as SourceDraft['auth'])} data-testid="source-auth">
                <option value="none">{t('sources.none')}</option>
                <option value="basic">{t('sources.authBasic')}</option>
                <option value="bearer">{t('sources.authBearer')}</option>
              </select>
            </label>
          )}
          {((d.type === 'http' && d.auth === 'basic') || d.type === 'mqtt') && (
            <label className="form-row">
              <span>{t('sources.user')}</span>
              <input value={d.user} onChange={(e) => set('user', e.target.value)} autoComplete="off" data-testid="source-user" />
            </label>
          )}
          {needsSecret(d) && (
            <label className="form-row">
              <span>{d.auth === 'bearer' ? t('sources.token') : t('sources.password')}</span>
              <input type="password" value={d.secret} onChange={(e) => set('secret', e.target.value)} autoComplete="new-password" placeholder={stored.includes(storedKey) ? t('sources.storedKeep') : ''} data-testid="source-secret" />
            </label>
          )}
          <FieldError issues={byField} at="source.connection.auth" />
          <FieldError issues={byField} at="secrets" />
          <FieldError issues={byField} at="source.connection" />
          <p className="hint">{t('sources.credentialsHint')}</p>
          <button type="button" onClick={() => void runPreview()} disabled={busy !== null} data-testid="source-preview">
            {busy === 'preview' ? t('sources.fetching') : t('sources.preview')}
          </button>
        </fieldset>

        <fieldset disabled={!preview || preview.rows.length === 0}>
          <legend>{t('sources.mapping')}</legend>
          <FieldPicker label={t('sources.sensorId')} value={d.idField} paths={paths} onChange={(v) => set('idField', v)} testId="map-id" />
          <FieldError issues={byField} at="source.mapping.id" />
          <FieldPicker label={t('sources.name')} value={d.nameField} paths={paths} onChange={(v) => set('nameField', v)} testId="map-name" />
          <label className="form-row">
            <span>{t('sources.position')}</span>
            <select value={d.positionKind} onChange={(e) => set('positionKind', e.target.value as SourceDraft['positionKind'])} data-testid="map-position-kind">
              <option value="lonlat">{t('sources.positionLonLat')}</option>
              <option value="geometry">{t('sources.positionGeometry')}</option>
            </select>
          </label>
          {d.positionKind === 'geometry' ? (
            <FieldPicker label={t('sources.geometry')} value={d.geometryField} paths={paths} onChange={(v) => set('geometryField', v)} testId="map-geometry" />
          ) : (
            <>
              <FieldPicker label={t('sources.longitude')} value={d.lonField} paths={paths} onChange={(v) => set('lonField', v)} testId="map-lon" />
              <FieldPicker label={t('sources.latitude')} value={d.latField} paths={paths} onChange={(v) => set('latField', v)} testId="map-lat" />
            </>
          )}
          <FieldError issues={byField} at="source.mapping.position" />
          <FieldPicker label={t('sources.time')} value={d.timeField} paths={paths} onChange={(v) => set('timeField', v)} testId="map-time" />
          <label className="form-row">
            <span>{t('sources.timeFormat')}</span>
            <select value={d.timeFormat} onChange={(e) => set('timeFormat', e.target.value as SourceDraft['timeFormat'])} data-testid="map-time-format">
              <option value="iso">{t('sources.timeIso')}</option>
              <option value="epoch-s">{t('sources.timeEpochS')}</option>
              <option value="epoch-ms">{t('sources.timeEpochMs')}</option>
              <option value="pattern">{t('sources.timePatternOption')}</option>
            </select>
          </label>
          {d.timeFormat === 'pattern' && (
            <label className="form-row">
              <span>{t('sources.timePattern')}</span>
              <input value={d.timePattern} onChange={(e) => set('timePattern', e.target.value)} data-testid="map-time-pattern" />
            </label>
          )}
          <label className="form-row">
            <span>{t('sources.timeZone')}</span>
            <input value={d.timeZone} onChange={(e) => set('timeZone', e.target.value)} placeholder={t('sources.timeZonePlaceholder')} data-testid="map-time-zone" />
          </label>
          <FieldError issues={byField} at="source.mapping.time.zone" />
          <FieldError issues={byField} at="source.mapping.time" />
          <label className="form-row">
            <span>{t('sources.sensorType')}</span>
            <select
              value={d.newType ? '__new' : d.sensorType}
              onChange={(e) => {
                const v = e.target.value;
                setD((x) => ({ ...x, sensorType: v === '__new' ? '' : v, newType: v === '__new' ? { id: '', label: '', geometry: 'point', metrics: [{ id: '', label: '', unit: '' }] } : null, metrics: {} }));
              }}
              data-testid="map-type"
            >
              <option value="">—</option>
              {types.map((x) => (
                <option key={x.id} value={x.id}>{x.label} ({x.id})</option>
              ))}
              <option value="__new">{t('sources.newType')}</option>
            </select>
          </label>
          <FieldError issues={byField} at="source.sensorType" />
          {d.newType && <NewTypeEditor value={d.newType} onChange={(nt) => set('newType', nt)} issues={byField} />}
          {type && (
            <div className="metric-map">
              <h4>{t('sources.metricsOf', { id: type.id })}</h4>
              {type.metrics.filter((m) => m.id !== '').map((m) => {
                const cur = d.metrics[m.id] ?? { field: '', unit: m.unit };
                return (
                  <div className="form-row metric-row" key={m.id}>
                    <span>{m.label || m.id} <span className="muted">({m.id})</span></span>
                    <select value={cur.field} onChange={(e) => set('metrics', { ...d.metrics, [m.id]: { ...cur, field: e.target.value } })} data-testid={`map-metric-${m.id}`}>
                      <option value="">{t('sources.notInRecords')}</option>
                      {paths.map((p) => (
                        <option key={p} value={p}>{p}</option>
                      ))}
                    </select>
                    <input className="unit" value={cur.unit} onChange={(e) => set('metrics', { ...d.metrics, [m.id]: { ...cur, unit: e.target.value } })} aria-label={t('sources.unitOf', { id: m.id })} title={t('sources.unitHint')} data-testid={`map-unit-${m.id}`} />
                  </div>
                );
              })}
            </div>
          )}
          <FieldError issues={byField} at="source.mapping.metrics" />
          <FieldError issues={byField} at="source.mapping" />
          <div className="form-actions">
            <button type="button" onClick={() => void runPreview()} disabled={busy !== null || !hasMapping(d)} data-testid="apply-mapping">
              {t('sources.applyMapping')}
            </button>
            <button type="button" className="primary" onClick={() => void save()} disabled={busy !== null || !hasMapping(d)} data-testid="source-save">
              {busy === 'save' ? t('sources.saving') : t('sources.saveAndStart')}
            </button>
          </div>
        </fieldset>
      </div>
      <FieldError issues={byField} at="" />
      {saved && (
        <p className="ok" role="status" data-testid="source-saved">
          {t('sources.savedStarted', { id: saved.id, version: saved.version })}{' '}
          <button type="button" onClick={onDone}>{t('sources.backToSources')}</button>
        </p>
      )}
      <div className="form-actions">
        <button type="button" onClick={onDone}>{saved ? t('common.close') : t('common.cancel')}</button>
      </div>
      {preview && <PreviewTable preview={preview} />}
    </form>
  );
}

function NewTypeEditor({ value, onChange, issues }: { value: NonNullable<SourceDraft['newType']>; onChange: (t: NonNullable<SourceDraft['newType']>) => void; issues: Map<string, string[]> }) {
  const { t } = useT();
  const setMetric = (i: number, k: 'id' | 'label' | 'unit', v: string) => onChange({ ...value, metrics: value.metrics.map((m, j) => (j === i ? { ...m, [k]: v } : m)) });
  return (
    <div className="new-type" data-testid="new-type">
      <label className="form-row">
        <span>{t('sources.typeId')}</span>
        <input value={value.id} onChange={(e) => onChange({ ...value, id: e.target.value })} placeholder={t('sources.typeIdPlaceholder')} data-testid="new-type-id" />
      </label>
      <label className="form-row">
        <span>{t('sources.label')}</span>
        <input value={value.label} onChange={(e) => onChange({ ...value, label: e.target.value })} data-testid="new-type-label" />
      </label>
      <label className="form-row">
        <span>{t('sources.geometry')}</span>
        <select value={value.geometry} onChange={(e) => onChange({ ...value, geometry: e.target.value as 'point' | 'line' })}>
          <option value="point">{t('sources.geometryPoint')}</option>
          <option value="line">{t('sources.geometryLine')}</option>
        </select>
      </label>
      {value.metrics.map((m, i) => (
        <div className="form-row metric-row" key={i}>
          <input value={m.id} onChange={(e) => setMetric(i, 'id', e.target.value)} placeholder={t('sources.metricIdPlaceholder')} aria-label={t('sources.metricId', { n: i + 1 })} />
          <input value={m.label} onChange={(e) => setMetric(i, 'label', e.target.value)} placeholder={t('sources.metricLabelPlaceholder')} aria-label={t('sources.metricLabel', { n: i + 1 })} />
          <input className="unit" value={m.unit} onChange={(e) => setMetric(i, 'unit', e.target.value)} placeholder={t('sources.metricUnitPlaceholder')} aria-label={t('sources.metricUnit', { n: i + 1 })} />
        </div>
      ))}
      <button type="button" onClick={() => onChange({ ...value, metrics: [...value.metrics, { id: '', label: '', unit: '' }] })}>{t('sources.addMetric')}</button>
      <FieldError issues={issues} at="newType" />
    </div>
  );
}
