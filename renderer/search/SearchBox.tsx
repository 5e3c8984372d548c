/**
 * Find anything: a Search button in the top bar, and Ctrl+K (⌘K) anywhere, open one search over sensors, places,
 * alarms and rules. Results are grouped by kind and ranked as the user types (search/match.ts); ↑ ↓ move, Enter goes
 * there (search/choose.ts), Esc closes and gives the focus back. The index lives as long as the desk
 * (search/searchIndex.ts: rebuilt per catalogue or alarms change, never per keystroke).
 */
import { useCallback, useDeferredValue, useEffect, useId, useMemo, useRef, useState } from 'react';
import { PRIORITY_ICON } from '../alarms/PriorityBadge';
import { shownAlarms, shownStates, useAppStore } from '../store';
import { chooseResult } from './choose';
import { sensorMark } from './entries';
import type { SearchHit, SearchKind } from './match';
import { SearchIndex } from './searchIndex';
import { useT } from '../i18n/i18n';
import './search.css';

const KIND_KEY: { [K in SearchKind]: `search.kind.${K}` } = { sensor: 'search.kind.sensor', place: 'search.kind.place', alarm: 'search.kind.alarm', rule: 'search.kind.rule' };

/** Ctrl+K, or ⌘K on a Mac. */
export function isSearchKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey && e.key.toLowerCase() === 'k';
}

export function SearchBox() {
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const index = useRef<SearchIndex | null>(null);
  index.current ??= new SearchIndex();
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (!isSearchKey(e)) return;
      e.preventDefault();
      if (!open) opener.current = document.activeElement;
      setOpen(true);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [open]);

  const close = useCallback((refocus: boolean) => {
    setOpen(false);
    const back = opener.current;
    opener.current = null;
    if (refocus && back instanceof HTMLElement && back.isConnected) back.focus();
  }, []);

  return (
    <>
      <button
        type="button"
        className="top-button search-button"
        data-testid="search-open"
        aria-keyshortcuts="Control+K Meta+K"
        aria-haspopup="dialog"
        title={t('search.buttonTitle')}
        onClick={(e) => {
          opener.current = e.currentTarget;
          setOpen(true);
        }}
      >
        <span aria-hidden="true">⌕</span> {t('search.button')} <kbd>Ctrl K</kbd>
      </button>
      {open && <SearchDialog index={index.current} onClose={close} />}
    </>
  );
}

interface Flat {
  hit: SearchHit;
  /** Position among all results (the active one is moved through with the arrows). */
  n: number;
}

function SearchDialog({ index, onClose }: { index: SearchIndex; onClose: (refocus: boolean) => void }) {
  const catalogue = useAppStore((s) => s.catalogue);
  const registry = useAppStore((s) => s.registry);
  const city = useAppStore((s) => s.city);
  const zones = useAppStore((s) => s.zones);
  const alarms = useAppStore(shownAlarms);
  const rules = useAppStore((s) => s.rules);
  const states = useAppStore(shownStates);
  const [text, setText] = useState('');
  const query = useDeferredValue(text);
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const listId = useId();
  const { t, locale } = useT();

  const groups = useMemo(() => index.search({ catalogue, registry, city, zones, alarms, rules }, query), [index, catalogue, registry, city, zones, alarms, rules, query]);
  const flat = useMemo(() => {
    const out: Flat[] = [];
    for (const g of groups) for (const hit of g.hits) out.push({ hit, n: out.length });
    return out;
  }, [groups]);
  const current = flat.length ? Math.min(active, flat.length - 1) : -1;
  const optionId = (n: number) => `${listId}-opt-${n}`;

  useEffect(() => setActive(0), [query]);
  useEffect(() => input.current?.focus(), []);
  useEffect(() => {
    if (current >= 0) document.getElementById(optionId(current))?.scrollIntoView({ block: 'nearest' });
    // (optionId depends on listId only, stable for the dialog's life)
  }, [current]);

  // The focus goes back where it was (the operator's place in the page); what was chosen is shown and selected.
  const choose = (hit: SearchHit): void => {
    onClose(true);
    chooseResult(hit.entry.kind, hit.entry.id);
  };

  const onKeyDown = (e: React.KeyboardEvent): void => {
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose(true);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!flat.length) return;
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((current + step + flat.length) % flat.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const f = flat[current];
      if (f) choose(f.hit);
    } else if (e.key === 'Tab') {
      // The dialog holds one field: Tab stays in it.
      e.preventDefault();
    }
  };

  let n = 0;
  return (
    <div className="modal-backdrop search-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose(true)}>
      <div className="search-dialog" role="dialog" aria-modal="true" aria-label={t('search.dialog')} data-testid="search-dialog" onKeyDown={onKeyDown}>
        <input
          ref={input}
          className="search-input"
          type="text"
          role="combobox"
          aria-expanded={flat.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={current >= 0 ? optionId(current) : undefined}
          aria-label={t('search.input')}
          placeholder={t('search.placeholder')}
          spellCheck={false}
          autoComplete="off"
          data-testid="search-input"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <div className="search-results" id={listId} role="listbox" aria-label={t('search.results')}>
          {groups.map((g) => (
            <div key={g.kind} role="group" aria-label={t(KIND_KEY[g.kind])} className="search-group" data-kind={g.kind}>
              <div className="search-group-head" aria-hidden="true">
                {t(KIND_KEY[g.kind])}
                <span className="muted">{g.total > g.hits.length ? t('search.bestOf', { n: g.hits.length, total: g.total.toLocaleString(locale) }) : g.total}</span>
              </div>
              {g.hits.map((hit) => {
                const i = n++;
                const e = hit.entry;
                const mark = e.kind === 'sensor' ? sensorMark(states.get(e.id)) : (e.marks?.[0] ?? null);
                const alarm = e.kind === 'alarm' ? alarms.get(e.id) : undefined;
                return (
                  <div
                    key={`${e.kind}:${e.id}`}
                    id={optionId(i)}
                    role="option"
                    aria-selected={i === current}
                    className={i === current ? 'search-option active' : 'search-option'}
                    data-testid="search-result"
                    data-kind={e.kind}
                    data-id={e.id}
                    onMouseMove={() => i !== current && setActive(i)}
                    onMouseDown={(ev) => ev.preventDefault()}
                    onClick={() => choose(hit)}
                  >
                    <span className="search-title">
                      {alarm && (
                        <span className={`pri-icon pri-${alarm.priority}`} aria-hidden="true">
                          {PRIORITY_ICON[alarm.priority]}{' '}
                        </span>
                      )}
                      {e.title}
                      {mark && <span className={`search-mark mark-${mark.replace(/\s+/g, '-')}`}>{mark}</span>}
                    </span>
                    <span className="search-detail">{e.detail}</span>
                  </div>
                );
              })}
            </div>
          ))}
        </div>
        {query.trim() !== '' && groups.length === 0 && (
          <div className="search-empty" role="status" data-testid="search-empty">
            {t('search.nothing', { query: query.trim() })}
          </div>
        )}
        <div className="search-help muted">
          {query.trim() === '' ? `${t('search.help')} ` : ''}
          <kbd>↑</kbd> <kbd>↓</kbd> {t('search.move')} · <kbd>Enter</kbd> {t('search.go')} · <kbd>Esc</kbd> {t('search.close')}
        </div>
      </div>
    </div>
  );
}
