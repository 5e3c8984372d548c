/**
 * The bookmark's linked alarms: each named by its rule and place with its raise time; picked from the alarms open at
 * the replayed instant (live: open now), or found by searching the engine's open and resolved alarms.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Alarm, EngineClient } from '../../electron/engine/api';
import { alarmSubjectText, ruleName } from '../alarms/alarmList';
import { formatFeedTime } from '../panels/format';
import { errorText } from '../platform/rpc-client';
import { shownAlarms, useAppStore, useTimeZone } from '../store';
import { useT } from '../i18n/i18n';

const RESULTS = 20;
/** The engine's alarm search takes at most this many characters (api.ts alarmPage). */
const MAX_SEARCH = 200;

export function LinkAlarms({ client, ids, onChange }: { client: EngineClient; ids: readonly string[]; onChange: (ids: string[]) => void }) {
  const tz = useTimeZone();
  const { t } = useT();
  const shown = useAppStore(shownAlarms);
  const live = useAppStore((s) => s.alarms);
  const inReplay = useAppStore((s) => s.replay !== null);
  const ctx = {
    catalogue: useAppStore((s) => s.catalogue),
    zones: useAppStore((s) => s.zones),
    rules: useAppStore((s) => s.rules),
    registry: useAppStore((s) => s.registry),
  };
  const [fetched, setFetched] = useState<ReadonlyMap<string, Alarm>>(new Map());
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Alarm[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const known = useMemo(() => new Map([...fetched, ...live, ...shown]), [fetched, live, shown]);

  // Linked alarms not at hand (resolved ones, from an older bookmark) are looked up by their id.
  useEffect(() => {
    const missing = ids.filter((id) => !known.has(id) && id.length <= MAX_SEARCH);
    if (missing.length === 0) return;
    let stale = false;
    void Promise.all(missing.map((id) => client.call('alarmPage', { view: 'resolved', offset: 0, limit: 5, search: id }).then((p) => p.alarms.filter((a) => a.id === id))))
      .then((found) => !stale && setFetched((m) => new Map([...m, ...found.flat().map((a) => [a.id, a] as const)])))
      .catch(() => undefined); // shown by id: nothing is lost
    return () => {
      stale = true;
    };
  }, [client, ids]); // only when the linked ids change (what is known is read, not watched)

  useEffect(() => {
    const q = query.trim().slice(0, MAX_SEARCH);
    if (!q) return setResults(null);
    let stale = false;
    const timer = setTimeout(() => {
      Promise.all((['open', 'resolved'] as const).map((view) => client.call('alarmPage', { view, offset: 0, limit: RESULTS, search: q })))
        .then((pages) => {
          if (stale) return;
          setResults(pages.flatMap((p) => p.alarms));
          setError(null);
        })
        .catch((e: unknown) => !stale && setError(errorText(e)));
    }, 250);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [client, query]);

  const label = (a: Alarm) => t('incidents.link.label', { rule: ruleName(a, ctx.rules), subject: alarmSubjectText(a, ctx) });
  const link = (a: Alarm) => {
    if (!ids.includes(a.id)) onChange([...ids, a.id]);
    setFetched((m) => new Map([...m, [a.id, a]]));
  };
  const openNow = [...shown.values()].sort((a, b) => b.raisedAt - a.raisedAt).slice(0, 50);

  const row = (a: Alarm) => (
    <li key={a.id} className={`sev-${a.severity}`}>
      <span className="incident-alarm-name">{label(a)}</span>
      <span className="muted small">{t('incidents.link.raised', { time: formatFeedTime(a.raisedAt, tz) })}</span>
      <button type="button" className="btn small" disabled={ids.includes(a.id)} onClick={() => link(a)} data-testid="incident-link-alarm">
        {ids.includes(a.id) ? t('incidents.link.linked') : t('incidents.link.link')}
      </button>
    </li>
  );

  return (
    <div className="incident-alarms">
      <ul className="incident-linked" data-testid="incident-linked">
        {ids.length === 0 && <li className="muted small">{t('incidents.link.noneLinked')}</li>}
        {ids.map((id) => {
          const a = known.get(id);
          return (
            <li key={id} className={a ? `sev-${a.severity}` : undefined}>
              <span className="incident-alarm-name">{a ? label(a) : id}</span>
              {a && <span className="muted small">{t('incidents.link.raised', { time: formatFeedTime(a.raisedAt, tz) })}</span>}
              <button type="button" className="btn small" aria-label={t('incidents.link.unlink')} onClick={() => onChange(ids.filter((x) => x !== id))}>
                ✕
              </button>
            </li>
          );
        })}
      </ul>
      <details className="incident-pick" open={openNow.length > 0 && ids.length === 0}>
        <summary className="small">
          {inReplay ? t('incidents.link.openReplay') : t('incidents.link.openNow')} ({shown.size})
        </summary>
        <ul className="incident-candidates">{openNow.length ? openNow.map(row) : <li className="muted small">{t('incidents.link.none')}</li>}</ul>
      </details>
      <input type="search" className="search" placeholder={t('incidents.link.find')} value={query} onChange={(e) => setQuery(e.target.value)} data-testid="incident-alarm-search" />
      {error && <span className="error small">{error}</span>}
      {results && <ul className="incident-candidates">{results.length ? results.map(row) : <li className="muted small">{t('incidents.link.noMatch')}</li>}</ul>}
    </div>
  );
}
