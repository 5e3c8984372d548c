/**
 * The rule set: name, kind, severity, enabled (supervisors toggle it), version, author, open alarms, problems. Per rule:
 * edit (supervisor), versions (list, view JSON, compare two side by side, restore). Import (all or nothing; every
 * error listed) and export (a JSON file) of rule files.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { EngineClient, RuleSummary, RuleVersion } from '../../electron/engine/api';
import { priorityOf } from '../../electron/shared/alarm-priority';
import { t as current, useT, type Translate } from '../i18n/i18n';
import { priorityLabel, severityLabel } from '../alarms/alarmList';
import { formatWallTime } from '../panels/format';
import { MAX_RULE_FILE_BYTES } from '../../electron/shared/engine-limits';
import { errorText, formErrorText } from '../platform/rpc-client';
import { isSupervisor, useAppStore, useTimeZone } from '../store';
import { changedLineCount, sideBySide } from './diff';
import { fromRule, newRuleForm, typeOptions } from './ruleForm';
import { StarterRules } from './StarterRules';
import { humanError } from './ruleForm';

export function ruleJsonText(rule: unknown): string {
  return `${JSON.stringify(rule, null, 2)}\n`;
}

/** The rule as published, without the store's version number (which differs between any two versions). */
export function comparableRule(v: RuleVersion, t: Translate = current): string {
  if (!v.rule) return `${t('rules.versions.cannotShowLine', { version: v.version, reason: v.broken ?? '' })}\n`;
  const { version: _v, ...rest } = v.rule;
  return ruleJsonText(rest);
}

/** A rules file over the import limit is refused before it is read or sent (the engine would refuse the request). */
export function ruleFileSizeError(bytes: number, t: Translate = current): string | null {
  if (bytes <= MAX_RULE_FILE_BYTES) return null;
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return t('rules.list.fileTooBig', { size: mib(bytes), max: mib(MAX_RULE_FILE_BYTES) });
}

/** Parses an imported file's text (never evaluated): the error says where the JSON is broken. */
export function parseRuleFile(text: string, t: Translate = current): { ok: true; json: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, json: JSON.parse(text) as unknown };
  } catch (err) {
    return { ok: false, error: t('rules.list.notJson', { error: errorText(err) }) };
  }
}

export function RulesList({ client }: { client: EngineClient }) {
  const { t } = useT();
  const rules = useAppStore((s) => s.rules);
  const error = useAppStore((s) => s.rulesError);
  const supervisor = useAppStore(isSupervisor);
  const upsertRule = useAppStore((s) => s.upsertRule);
  const openEditor = useAppStore((s) => s.openEditor);
  const registry = useAppStore((s) => s.registry);
  const catalogue = useAppStore((s) => s.catalogue);
  const tz = useTimeZone();
  const [versionsOf, setVersionsOf] = useState<string | null>(null);
  const [showStarters, setShowStarters] = useState(false);
  const [actionError, setActionError] = useState<string | null>(null);
  const [importResult, setImportResult] = useState<{ ok: boolean; lines: string[] } | null>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const list = useMemo(() => [...rules.values()], [rules]);

  const setEnabled = async (r: RuleSummary, enabled: boolean): Promise<void> => {
    setActionError(null);
    try {
      upsertRule(await client.call('setRuleEnabled', { id: r.id, enabled }));
    } catch (err) {
      setActionError(`${r.name}: ${formErrorText(err)}`);
    }
  };

  /** A new rule starts on the first type the feed has (by label). */
  const firstType = (): string => typeOptions(registry, catalogue)[0]?.kind ?? registry.all()[0]?.id ?? '';

  const edit = (r: RuleSummary): void => {
    // A broken rule opens as a new form with its id: publishing it repairs the rule.
    const res = r.rule ? fromRule(r.rule, registry, tz) : null;
    openEditor(res?.ok ? res.form : { ...newRuleForm(registry, r.kind ?? firstType(), tz), id: r.id, autoId: false, name: r.name }, r.id);
  };

  const exportAll = async (): Promise<void> => {
    setActionError(null);
    try {
      const doc = await client.call('exportRules', {});
      const blob = new Blob([ruleJsonText(doc)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = url;
      a.download = `citydesk-rules-${doc.exportedAt.slice(0, 10)}.json`;
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setActionError(t('rules.list.exportFailed', { error: errorText(err) }));
    }
  };

  const importFile = async (file: File): Promise<void> => {
    setImportResult(null);
    const tooBig = ruleFileSizeError(file.size, t);
    if (tooBig) {
      setImportResult({ ok: false, lines: [`${file.name}: ${tooBig}`] });
      return;
    }
    const parsed = parseRuleFile(await file.text(), t);
    if (!parsed.ok) {
      setImportResult({ ok: false, lines: [`${file.name}: ${parsed.error}`] });
      return;
    }
    try {
      const res = await client.call('importRules', { json: parsed.json });
      if (res.ok) setImportResult({ ok: true, lines: [t('rules.list.imported', { count: res.imported.length, rules: res.imported.map((r) => t('rules.list.nameVersion', { name: r.name, version: r.version })).join(', ') })] });
      // The engine's validation errors stay in its English (the fields' paths are put into words here).
      else setImportResult({ ok: false, lines: res.errors.map((e) => humanError(e, t)) });
    } catch (err) {
      setImportResult({ ok: false, lines: [formErrorText(err)] });
    }
  };

  return (
    <div className="rules-panel">
      <div className="toolbar">
        {supervisor ? (
          <button type="button" className="btn primary" data-testid="rule-new" onClick={() => openEditor(newRuleForm(registry, firstType(), tz), null)}>
            {t('rules.list.newRule')}
          </button>
        ) : (
          <span className="muted small">{t('rules.list.unlockHint')}</span>
        )}
        <button type="button" className="btn" data-testid="rules-starters" aria-expanded={showStarters} onClick={() => setShowStarters((v) => !v)}>
          {t('rules.list.starters')}
        </button>
        <span className="spacer" />
        <button type="button" className="btn" data-testid="rules-export" onClick={() => void exportAll()}>
          {t('rules.list.export')}
        </button>
        {supervisor && (
          <>
            <button type="button" className="btn" data-testid="rules-import" onClick={() => fileRef.current?.click()}>
              {t('rules.list.import')}
            </button>
            <input
              ref={fileRef}
              type="file"
              accept="application/json,.json"
              hidden
              data-testid="rules-import-file"
              onChange={(e) => {
                const f = e.target.files?.[0];
                e.target.value = '';
                if (f) void importFile(f);
              }}
            />
          </>
        )}
      </div>
      {showStarters && <StarterRules client={client} onClose={() => setShowStarters(false)} />}
      {error && <p className="error small">{error}</p>}
      {actionError && (
        <p className="error small" role="alert">
          {actionError}
        </p>
      )}
      {importResult && (
        <div className={importResult.ok ? 'import-result ok' : 'import-result bad'} data-testid="import-result" role={importResult.ok ? 'status' : 'alert'}>
          <b>{importResult.ok ? t('rules.list.importDone') : t('rules.list.nothingImported')}</b>
          <ul>
            {importResult.lines.map((l, i) => (
              <li key={i}>{l}</li>
            ))}
          </ul>
          <button type="button" className="link" onClick={() => setImportResult(null)}>
            {t('rules.list.dismiss')}
          </button>
        </div>
      )}
      <table className="rules-table" data-testid="rules-list">
        <thead>
          <tr>
            <th>{t('rules.list.colOn')}</th>
            <th>{t('rules.list.colRule')}</th>
            <th>{t('rules.list.colType')}</th>
            <th>{t('rules.list.colSeverity')}</th>
            <th>{t('rules.list.colVersion')}</th>
            <th>{t('rules.list.colAuthor')}</th>
            <th>{t('rules.list.colOpen')}</th>
            <th>{t('rules.list.colProblems')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {list.map((r) => (
            <tr key={r.id} data-testid="rule-row" data-rule-id={r.id} data-broken={r.broken ? 'true' : undefined} className={r.broken ? 'broken' : r.enabled ? undefined : 'disabled'}>
              <td>
                <input
                  type="checkbox"
                  data-testid="rule-enabled"
                  checked={r.enabled && !r.broken}
                  disabled={!supervisor || r.broken !== null}
                  title={r.broken ? t('rules.list.brokenHint') : supervisor ? (r.enabled ? t('rules.list.disable') : t('rules.list.enable')) : t('rules.list.onlySupervisor')}
                  onChange={(e) => void setEnabled(r, e.target.checked)}
                />
              </td>
              <td>
                <div className="rule-name">
                  {r.broken && (
                    <span className="badge badge-rejected" data-testid="rule-broken">
                      {t('rules.list.broken')}
                    </span>
                  )}{' '}
                  {r.name}
                </div>
                <code>{r.id}</code>
                <RationaleNote summary={r} />
              </td>
              <td>{r.kind ? (registry.get(r.kind)?.label ?? r.kind) : '—'}</td>
              <td>{r.severity ? <span className={`sev-text sev-${r.severity}`}>{severityLabel(r.severity, t)}</span> : '—'}</td>
              <td className="mono">{t('rules.list.versionShort', { version: r.version })}</td>
              <td>
                {r.author || '—'}
                {r.updatedAt > 0 && <div className="muted small">{formatWallTime(r.updatedAt, tz)}</div>}
              </td>
              <td className="mono">{r.openAlarms}</td>
              {r.broken ? (
                <td className="error small" data-testid="rule-broken-reason">
                  {t('rules.list.cannotLoad', { reason: r.broken })}
                </td>
              ) : (
                <td className={r.problems.length ? 'warn small' : 'muted small'}>{r.problems.length ? r.problems.join('; ') : t('rules.load.none')}</td>
              )}
              <td className="row-buttons">
                {supervisor && (
                  <button type="button" className="btn" data-testid="rule-edit" onClick={() => edit(r)}>
                    {r.broken ? t('rules.list.repair') : t('rules.list.edit')}
                  </button>
                )}
                <button type="button" className="btn" data-testid="rule-versions" onClick={() => setVersionsOf(versionsOf === r.id ? null : r.id)}>
                  {t('rules.list.versions')}
                </button>
              </td>
            </tr>
          ))}
          {list.length === 0 && (
            <tr>
              <td colSpan={9} className="muted">
                {t('rules.list.noRules')}
              </td>
            </tr>
          )}
        </tbody>
      </table>
      {versionsOf && <RuleVersions key={versionsOf} client={client} ruleId={versionsOf} onClose={() => setVersionsOf(null)} />}
    </div>
  );
}

/** The priority the rule's alarms get and what the operator does, or that the rule has no rationale yet. */
function RationaleNote({ summary }: { summary: RuleSummary }) {
  const { t } = useT();
  const rule = summary.rule;
  if (!rule) return null;
  if (!rule.rationale) {
    return (
      <div className="muted small" data-testid="rule-no-rationale" title={t('rules.list.noRationaleHint')}>
        {t('rules.list.noRationale')}
      </div>
    );
  }
  const p = priorityOf(rule.severity, rule.rationale.respondWithinMinutes);
  return (
    <div className="muted small" data-testid="rule-rationale-summary" title={`${t('rules.rationale.cause.label')}: ${rule.rationale.cause}\n${t('rules.rationale.consequence.label')}: ${rule.rationale.consequence}`}>
      <span className={`rule-prio rule-prio-${p}`}>{priorityLabel(p, t)}</span> · {rule.rationale.action}
    </div>
  );
}

function RuleVersions({ client, ruleId, onClose }: { client: EngineClient; ruleId: string; onClose: () => void }) {
  const supervisor = useAppStore(isSupervisor);
  const summary = useAppStore((s) => s.rules.get(ruleId));
  const upsertRule = useAppStore((s) => s.upsertRule);
  const tz = useTimeZone();
  const [versions, setVersions] = useState<RuleVersion[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [view, setView] = useState<number | null>(null);
  const [compare, setCompare] = useState<[number, number] | null>(null);
  const [picked, setPicked] = useState<number[]>([]);
  const currentVersion = summary?.version;
  const { t } = useT();
  const sectionRef = useRef<HTMLElement>(null);
  useEffect(() => {
    // (a block body: newer Chromium returns a Promise from scrollIntoView, which React would take for a cleanup)
    void sectionRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [versions]);

  useEffect(() => {
    let cancelled = false;
    client.call('ruleVersions', { id: ruleId }).then(
      (v) => {
        if (cancelled) return;
        const sorted = [...v].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        setView(null);
        if (sorted.length >= 2) setCompare([sorted[1]!.version, sorted[0]!.version]);
      },
      (err: unknown) => !cancelled && setError(errorText(err)),
    );
    return () => {
      cancelled = true;
    };
  }, [client, ruleId, currentVersion]);

  const restore = async (version: number): Promise<void> => {
    setError(null);
    try {
      upsertRule(await client.call('restoreRuleVersion', { id: ruleId, version }));
    } catch (err) {
      setError(formErrorText(err));
    }
  };

  const byVersion = (n: number): RuleVersion | undefined => versions?.find((v) => v.version === n);
  const shown = view !== null ? byVersion(view) : undefined;
  const left = compare ? byVersion(compare[0]) : undefined;
  const right = compare ? byVersion(compare[1]) : undefined;

  return (
    <section ref={sectionRef} className="versions" data-testid="rule-versions-view">
      <header className="section-head">
        <h3>{t('rules.versions.title', { name: summary?.name ?? ruleId })}</h3>
        <button type="button" className="close" onClick={onClose} aria-label={t('rules.versions.close')}>
          ×
        </button>
      </header>
      {error && (
        <p className="error small" role="alert">
          {error}
        </p>
      )}
      {!versions ? (
        <p className="muted small">{t('rules.versions.loading')}</p>
      ) : (
        <div className="versions-body">
          <table className="versions-table">
            <thead>
              <tr>
                <th title={t('rules.versions.compareHint')}>{t('rules.versions.colCompare')}</th>
                <th>{t('rules.versions.colVersion')}</th>
                <th>{t('rules.versions.colBy')}</th>
                <th>{t('rules.versions.colWhen')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.version} data-testid="rule-version" data-version={v.version}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={t('rules.versions.compare', { version: v.version })}
                      checked={picked.includes(v.version)}
                      onChange={() => {
                        const next = picked.includes(v.version) ? picked.filter((x) => x !== v.version) : [...picked, v.version].slice(-2);
                        setPicked(next);
                        if (next.length === 2) {
                          const [a, b] = [...next].sort((x, y) => x - y) as [number, number];
                          setCompare([a, b]);
                          setView(null);
                        }
                      }}
                    />
                  </td>
                  <td className="mono">
                    {t('rules.list.versionShort', { version: v.version })}
                    {v.version === currentVersion && <span className="badge badge-sent">{t('rules.versions.current')}</span>}
                  </td>
                  <td>{v.author}</td>
                  <td className="muted">{formatWallTime(v.createdAt, tz)}</td>
                  <td className="row-buttons">
                    <button
                      type="button"
                      className="btn"
                      data-testid="version-view"
                      onClick={() => {
                        setView(v.version);
                        setCompare(null);
                      }}
                    >
                      JSON
                    </button>
                    {v.broken && (
                      <span className="badge badge-rejected" title={v.broken}>
                        {t('rules.versions.broken')}
                      </span>
                    )}
                    {supervisor && v.version !== currentVersion && !v.broken && (
                      <button type="button" className="btn" data-testid="version-restore" onClick={() => void restore(v.version)}>
                        {t('rules.versions.restore')}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="versions-detail">
            {shown && (
              <>
                <div className="muted small">{t('rules.versions.version', { version: shown.version })}</div>
                {shown.rule ? (
                  <pre className="json" data-testid="version-json">
                    {ruleJsonText(shown.rule)}
                  </pre>
                ) : (
                  <p className="error small" data-testid="version-broken">
                    {t('rules.versions.cannotShow', { reason: shown.broken ?? '' })}
                  </p>
                )}
              </>
            )}
            {left && right && <DiffView left={left} right={right} />}
            {!shown && !(left && right) && <p className="muted small">{t('rules.versions.pick')}</p>}
          </div>
        </div>
      )}
    </section>
  );
}

function DiffView({ left, right }: { left: RuleVersion; right: RuleVersion }) {
  const { t, locale } = useT();
  const rows = useMemo(() => sideBySide(comparableRule(left, t), comparableRule(right, t)), [left, right, t, locale]);
  const changed = changedLineCount(rows);
  return (
    <div className="diff" data-testid="rule-diff">
      <div className="diff-head">
        <span>
          {t('rules.list.versionShort', { version: left.version })} <span className="muted">({left.author})</span>
        </span>
        <span className="muted small">{changed === 0 ? t('rules.versions.identical') : t('rules.versions.linesDiffer', { count: changed })}</span>
        <span>
          {t('rules.list.versionShort', { version: right.version })} <span className="muted">({right.author})</span>
        </span>
      </div>
      <table className="diff-table">
        <tbody>
          {rows.map((r, i) => (
            <tr key={i} className={`diff-${r.kind}`} data-diff={r.kind}>
              <td className="ln">{r.left?.line ?? ''}</td>
              <td className={r.left && r.kind !== 'same' ? 'code del' : 'code'}>{r.left?.text ?? ''}</td>
              <td className="ln">{r.right?.line ?? ''}</td>
              <td className={r.right && r.kind !== 'same' ? 'code ins' : 'code'}>{r.right?.text ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
