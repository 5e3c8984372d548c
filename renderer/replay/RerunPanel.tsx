/**
 * "Compare rules…" in replay (issue 10 item 3): pick a rule set (stored rules, each current or at a past version, and
 * the draft open in the rule editor), re-run it over a window around the replayed instant (the engine's replayRules:
 * progress, Cancel), and see what it would have changed against what was recorded: counts, the alarms it would have
 * added and missed (time, rule, place; a click moves the replay there and the map to the place). The result goes to
 * the store (replay.diff): the timeline and the map draw it until it is cleared or replay ends.
 *
 * Rendered by the replay band: <RerunPanel client={client} /> shows the button (nothing outside replay).
 */
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { DiffAlarm, EngineClient, ReplayDiff, RuleVersion } from '../../electron/engine/api';
import { boundsOf } from '../map/layers/alerts';
import { useT } from '../i18n/i18n';
import { formatFeedRange, formatFeedTime, formatInt } from '../panels/format';
import { RunProgress, useRunProgress } from '../panels/RunProgress';
import { errorText, hasErrorCode } from '../platform/rpc-client';
import { toRule } from '../rules/ruleForm';
import { appStore, useAppStore, useTimeZone } from '../store';
import { rerunEntries, rerunWindow, WINDOW_CHOICES, type VersionChoice, type WindowChoice } from './rerunChoice';
import './rerun.css';

/** Alarms listed per side at most (the counts are always whole). */
const MAX_LISTED = 300;

export function RerunPanel({ client }: { client: EngineClient }) {
  const inReplay = useAppStore((s) => s.replay !== null);
  const [open, setOpen] = useState(false);
  const { t } = useT();
  if (!inReplay) return null;
  return (
    <>
      <button type="button" className="btn rerun-open" data-testid="rerun-open" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {t('replay.rerun.open')}
      </button>
      {/* In the body, not in the band: the band's transform would make it the fixed panel's frame (off the screen). */}
      {open && createPortal(<RerunDialog client={client} onClose={() => setOpen(false)} />, document.body)}
    </>
  );
}

function RerunDialog({ client, onClose }: { client: EngineClient; onClose: () => void }) {
  const rules = useAppStore((s) => s.rules);
  const editorForm = useAppStore((s) => s.editor?.form ?? null);
  const at = useAppStore((s) => s.replay?.at ?? null);
  const diff = useAppStore((s) => s.replay?.diff ?? null);
  const view = useAppStore((s) => s.timelineView);
  const setReplayDiff = useAppStore((s) => s.setReplayDiff);
  const timeZone = useTimeZone();
  const { t } = useT();

  const stored = useMemo(() => [...rules.values()].filter((r) => r.rule !== null).sort((a, b) => a.name.localeCompare(b.name)), [rules]);
  /** Ticked stored rules and their version; at first, every enabled rule at its current version (the recorded set). */
  const [checked, setChecked] = useState<ReadonlyMap<string, VersionChoice>>(() => new Map(stored.filter((r) => r.enabled).map((r) => [r.id, 'current'])));
  const [versions, setVersions] = useState<ReadonlyMap<string, RuleVersion[] | string>>(new Map());
  const [useDraft, setUseDraft] = useState(editorForm !== null);
  const [windowChoice, setWindowChoice] = useState<WindowChoice>('6h');
  /** The running re-run: its id (progress events, Cancel) and how far it got; closing the panel cancels it. */
  const { running, setRunning, runningId } = useRunProgress(client, 'replayRules');
  /** What went wrong (or that the re-run was cancelled, said quietly). */
  const [error, setError] = useState<{ text: string; cancelled: boolean } | null>(null);
  const failed = (text: string) => setError({ text, cancelled: false });

  const draftName = editorForm ? editorForm.name.trim() || editorForm.id.trim() || t('replay.rerun.unnamedDraft') : '';
  const draft = useDraft && editorForm ? { id: editorForm.id.trim(), doc: toRule(editorForm), name: draftName } : null;
  const choice = rerunEntries(checked, draft);
  const win = at === null ? ({ error: t('replay.rerun.notInReplay') } as const) : rerunWindow(windowChoice, at, view);

  const loadVersions = (ruleId: string): void => {
    if (versions.has(ruleId)) return;
    setVersions((m) => new Map(m).set(ruleId, []));
    client.call('ruleVersions', { id: ruleId }).then(
      (v) => setVersions((m) => new Map(m).set(ruleId, [...v].sort((a, b) => b.version - a.version))),
      (e: unknown) => setVersions((m) => new Map(m).set(ruleId, t('replay.rerun.versionsFailed', { error: errorText(e) }))),
    );
  };

  const run = async (): Promise<void> => {
    if ('error' in choice || 'error' in win || runningId.current) return;
    const id = `rr-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    runningId.current = id;
    setRunning({ id, done: 0, readings: 0 });
    setError(null);
    try {
      const res = await client.call('replayRules', { rules: choice.entries, from: win.from, to: win.to, id });
      setReplayDiff(res);
    } catch (e) {
      if (hasErrorCode(e, 'cancelled')) setError({ text: t('replay.rerun.cancelled'), cancelled: true });
      else failed(hasErrorCode(e, 'invalid-params') ? `${e.message}${e.issues.length ? ` (${e.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}` : t('replay.rerun.failed', { error: errorText(e) }));
    } finally {
      runningId.current = null;
      setRunning(null);
    }
  };

  const cancel = (): void => {
    const id = runningId.current;
    if (id) void client.call('cancelBacktest', { id }).catch((e: unknown) => failed(t('replay.rerun.cannotCancel', { error: errorText(e) })));
  };

  const toggle = (id: string, on: boolean): void =>
    setChecked((m) => {
      const next = new Map(m);
      if (on) next.set(id, m.get(id) ?? 'current');
      else next.delete(id);
      return next;
    });

  return (
    <section className="rerun-panel" data-testid="rerun-panel" aria-label={t('replay.rerun.panel')}>
      <header className="rerun-head">
        <h2>{t('replay.rerun.title')}</h2>
        <button type="button" className="close" onClick={onClose} aria-label={t('common.close')}>
          ×
        </button>
      </header>
      <div className="rerun-body">
        <fieldset className="rerun-rules" disabled={running !== null}>
          <legend>{t('replay.rerun.rules')}</legend>
          {editorForm && (
            <label className="rerun-rule rerun-draft">
              <input type="checkbox" data-testid="rerun-draft" checked={useDraft} onChange={(e) => setUseDraft(e.target.checked)} />
              <span>
                {t('replay.rerun.draft')} <b>{draftName}</b>
              </span>
            </label>
          )}
          {stored.length === 0 && <p className="muted small">{t('replay.rerun.noRules')}</p>}
          {stored.map((r) => {
            const v = checked.get(r.id);
            const list = versions.get(r.id);
            const replacedByDraft = draft !== null && draft.id === r.id;
            return (
              <div className="rerun-rule" key={r.id}>
                <label>
                  <input type="checkbox" data-testid={`rerun-rule-${r.id}`} checked={v !== undefined} onChange={(e) => toggle(r.id, e.target.checked)} />
                  <span className={r.enabled ? '' : 'muted'}>
                    {r.name}
                    {!r.enabled && t('replay.rerun.disabled')}
                  </span>
                </label>
                {replacedByDraft && v !== undefined ? (
                  <span className="muted small">{t('replay.rerun.draftStandsIn')}</span>
                ) : (
                  <select
                    aria-label={t('replay.rerun.versionOf', { name: r.name })}
                    data-testid={`rerun-version-${r.id}`}
                    value={v === undefined || v === 'current' ? 'current' : String(v)}
                    onFocus={() => loadVersions(r.id)}
                    onMouseDown={() => loadVersions(r.id)}
                    onChange={(e) => {
                      const val = e.target.value === 'current' ? 'current' : Number(e.target.value);
                      setChecked((m) => new Map(m).set(r.id, val));
                    }}
                  >
                    <option value="current">{t('replay.rerun.current', { version: r.version })}</option>
                    {Array.isArray(list) &&
                      list
                        .filter((x) => x.version !== r.version)
                        .map((x) => (
                          <option key={x.version} value={x.version} disabled={x.rule === null}>
                            {t('replay.rerun.versionOption', { version: x.version, time: formatFeedTime(x.createdAt, timeZone), author: x.author || t('replay.rerun.unknownAuthor') })}
                            {x.rule === null ? t('replay.rerun.cannotRun', { reason: x.broken ?? t('replay.rerun.unreadable') }) : ''}
                          </option>
                        ))}
                    {/* A version chosen before the list arrived stays shown. */}
                    {typeof v === 'number' && !(Array.isArray(list) && list.some((x) => x.version === v)) && <option value={v}>{t('replay.rerun.version', { version: v })}</option>}
                  </select>
                )}
                {typeof list === 'string' && <span className="error small">{list}</span>}
              </div>
            );
          })}
        </fieldset>
        <label className="rerun-window">
          <span>{t('replay.rerun.window')}</span>
          <select data-testid="rerun-window" value={windowChoice} disabled={running !== null} onChange={(e) => setWindowChoice(e.target.value as WindowChoice)}>
            {WINDOW_CHOICES.map((w) => (
              <option key={w.id} value={w.id}>
                {t(w.label)}
              </option>
            ))}
          </select>
          <span className="small muted" data-testid="rerun-window-text">
            {'error' in win ? '' : formatFeedRange(win.from, win.to, timeZone)}
          </span>
        </label>
        {'error' in win && <p className="error small">{win.error}</p>}
        {'error' in choice && <p className="error small">{choice.error}</p>}
        <div className="rerun-actions">
          <button type="button" className="btn primary" data-testid="rerun-run" disabled={running !== null || 'error' in choice || 'error' in win} onClick={() => void run()}>
            {running ? t('replay.rerun.running') : t('replay.rerun.run')}
          </button>
          {diff && (
            <button type="button" className="btn" data-testid="rerun-clear" disabled={running !== null} onClick={() => setReplayDiff(null)}>
              {t('replay.rerun.clear')}
            </button>
          )}
        </div>
        {running && <RunProgress progress={running} className="rerun-progress" label={t('replay.rerun.progress')} testId="rerun-progress" cancelTestId="rerun-cancel" cancelText={t('common.cancel')} onCancel={cancel} />}
        {error && (
          <p className={error.cancelled ? 'muted small' : 'error small'} role="alert" data-testid="rerun-error">
            {error.text}
          </p>
        )}
        {diff && <RerunResult diff={diff} timeZone={timeZone} />}
      </div>
    </section>
  );
}

function RerunResult({ diff, timeZone }: { diff: ReplayDiff; timeZone: string }) {
  const { t } = useT();
  const unplaced = [...diff.added, ...diff.missed].filter((a) => a.position === null).length;
  return (
    <div className="rerun-result" data-testid="rerun-result" data-added={diff.added.length} data-missed={diff.missed.length} data-matched={diff.matched}>
      <p className="rerun-counts">
        <span className="rerun-added-count">
          <b>{diff.added.length}</b> {t('replay.rerun.addedCount')}
        </span>
        {' · '}
        <span className="rerun-missed-count">
          <b>{diff.missed.length}</b> {t('replay.rerun.missedCount')}
        </span>
        {' · '}
        <span>
          <b>{diff.matched}</b> {t('replay.rerun.matchedCount')}
        </span>
      </p>
      <p className="small muted">
        {formatFeedRange(diff.from, diff.to, timeZone)} · {t('replay.rerun.readings', { count: diff.readings, n: formatInt(diff.readings) })} · {diff.rules.map((r) => `${r.name} (${r.source})`).join(', ')}
      </p>
      {diff.note && <p className="small warn">{diff.note}</p>}
      {unplaced > 0 && <p className="small muted">{t('replay.rerun.unplaced', { n: unplaced })}</p>}
      <DiffList title={t('replay.rerun.addedList')} glyph="+" change="added" alarms={diff.added} timeZone={timeZone} />
      <DiffList title={t('replay.rerun.missedList')} glyph={'\u2212'} change="missed" alarms={diff.missed} timeZone={timeZone} />
    </div>
  );
}

function DiffList({ title, glyph, change, alarms, timeZone }: { title: string; glyph: string; change: 'added' | 'missed'; alarms: readonly DiffAlarm[]; timeZone: string }) {
  const { t } = useT();
  if (alarms.length === 0) return null;
  const shown = alarms.slice(0, MAX_LISTED);
  return (
    <>
      <h3>{title}</h3>
      <ul className={`rerun-list rerun-${change}`} data-testid={`rerun-${change}`}>
        {shown.map((a) => (
          <li key={`${a.ruleId}|${a.subject}|${a.at}`}>
            <button type="button" className="rerun-item" data-testid="rerun-item" data-at={a.at} title={a.message} onClick={() => seekTo(a)}>
              <span className={`rerun-glyph sev-${a.severity}`} aria-hidden="true">
                {glyph}
              </span>
              <span className="rerun-time">{formatFeedTime(a.at, timeZone)}</span>
              <span className="rerun-what">
                {a.ruleName} · {a.subjectName}
              </span>
            </button>
          </li>
        ))}
      </ul>
      {alarms.length > shown.length && <p className="small muted">{t('replay.rerun.andMore', { count: alarms.length - shown.length })}</p>}
    </>
  );
}

/** Moves the replay to the alarm's raise and the map to its place. */
function seekTo(a: DiffAlarm): void {
  const s = appStore.getState();
  s.seekReplay(a.at);
  if (a.position) {
    const b = boundsOf([a.position]);
    if (b) s.requestFocus(b, 15);
  }
}
