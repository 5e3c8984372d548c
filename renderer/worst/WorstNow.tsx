/**
 * The "Worst now" card over the map's corner: per sensor type present, the worst sensors by the type's own measure
 * (ranking.ts), with value, band, age and flags; stale readings marked, flagged ones listed apart. Live, or the
 * replayed instant in replay (the store's shown* selectors). A click on an entry flies the map there and opens the
 * sensor's panel. Collapsible.
 */
import { t as translate, useT } from '../i18n/i18n';
import { useMemo, useState } from 'react';
import { focusSensor } from '../alarms/focus';
import { useScreenClass } from '../layout/useScreenClass';
import { formatMetric } from '../panels/describe';
import { formatAge } from '../panels/format';
import { useShownNow } from '../replay/useShownNow';
import { shownStates, useAppStore } from '../store';
import { rankedBy, worstNow, type WorstEntry, type WorstSection } from './ranking';
import './worst.css';

/** Entries ranked per type (the card sits over the map: short by default). */
const RANKED_SHOWN = 3;

function ageText(e: WorstEntry): string {
  const age = formatAge(e.ageMs);
  return e.freshness === 'stale' ? translate('worst.stale', { age }) : age;
}

function Entry({ entry, rank, section, selected, readOnly }: { entry: WorstEntry; rank: number | null; section: WorstSection; selected: boolean; readOnly: boolean }) {
  const flagged = rank === null;
  const flagText = entry.flags.map((f) => f.label).join('; ');
  const { t } = useT();
  const title = [entry.name, flagged ? t('worst.notRanked', { reason: entry.reason ?? '' }) : entry.band, flagText && !flagged ? t('worst.flagged', { flags: flagText }) : null, t('worst.clickToShow')].filter(Boolean).join('\n');
  const Tag = readOnly ? 'div' : 'button';
  return (
    <li>
      <Tag
        type={readOnly ? undefined : 'button'}
        className={`worst-entry${selected ? ' selected' : ''}${entry.freshness === 'stale' ? ' stale' : ''}${flagged ? ' flagged' : ''}`}
        data-testid="worst-entry"
        data-sensor-id={entry.sensorId}
        data-status={flagged ? 'flagged' : entry.freshness}
        title={readOnly ? undefined : title}
        onClick={readOnly ? undefined : () => focusSensor(entry.sensorId)}
      >
        <span className="worst-rank">{flagged ? '⚑' : `${rank}.`}</span>
        <span className="worst-name">{entry.name}</span>
        <span className="worst-value">{flagged && entry.value === null ? '—' : formatMetric(entry.value, section.metric)}</span>
        <span className={`worst-age fresh-${entry.freshness}`}>{ageText(entry)}</span>
        {flagged ? (
          <span className="worst-note">{entry.reason}</span>
        ) : (
          (entry.band || entry.flags.length > 0) && (
            <span className="worst-note">
              {entry.band}
              {entry.flags.length > 0 && <span className="worst-flag"> ⚑ {flagText}</span>}
            </span>
          )
        )}
      </Tag>
    </li>
  );
}

/** A type's worst; its flagged readings listed on demand (their count is always shown). */
function Section({ section, selectedId, readOnly }: { section: WorstSection; selectedId: string | null; readOnly: boolean }) {
  const [showFlagged, setShowFlagged] = useState(false);
  const { t } = useT();
  return (
    <section className="worst-section" data-testid="worst-section" data-type={section.type.id}>
      <h3>
        {section.type.pluralLabel} <span className="worst-by">{rankedBy(section)}</span>
      </h3>
      {section.ranked.length === 0 ? (
        <p className="muted worst-empty">{t('worst.noValue')}</p>
      ) : (
        <ol>
          {section.ranked.slice(0, RANKED_SHOWN).map((e, i) => (
            <Entry key={e.sensorId} entry={e} rank={i + 1} section={section} selected={e.sensorId === selectedId} readOnly={readOnly} />
          ))}
        </ol>
      )}
      {section.flagged.length > 0 && readOnly && <div className="worst-sub">⚑ {t('worst.flaggedNotRanked', { n: section.flagged.length })}</div>}
      {section.flagged.length > 0 && !readOnly && (
        <>
          <button type="button" className="link worst-sub" data-testid="worst-flagged-toggle" aria-expanded={showFlagged} onClick={() => setShowFlagged(!showFlagged)}>
            ⚑ {t('worst.flaggedNotRanked', { n: section.flagged.length })} {showFlagged ? '▾' : '▸'}
          </button>
          {showFlagged && (
            <ul>
              {section.flagged.map((e) => (
                <Entry key={e.sensorId} entry={e} rank={null} section={section} selected={e.sensorId === selectedId} readOnly={readOnly} />
              ))}
            </ul>
          )}
        </>
      )}
      {section.without > 0 && <div className="worst-sub muted">{t('worst.without', { n: section.without, metric: section.metric.label.toLowerCase() })}</div>}
      {section.never > 0 && <div className="worst-sub muted">{t('worst.neverReported', { n: section.never })}</div>}
    </section>
  );
}

/**
 * The card over the map. On the desk it folds (the choice is remembered; until the operator chooses it is open except on
 * a laptop's screen, where it would cover a third of the map). On the wall (`readOnly`) it is always open and has no
 * controls: nobody clicks a wall; it is then a column of the wall's summary view, not a card over the map.
 */
export function WorstNow({ readOnly = false }: { readOnly?: boolean }) {
  const remembered = useAppStore((s) => s.settings.worstNowOpen);
  const setSetting = useAppStore((s) => s.setSetting);
  const screen = useScreenClass();
  const open = readOnly || (remembered ?? screen !== 'laptop');
  const setOpen = (v: boolean) => setSetting('worstNowOpen', v);
  const catalogue = useAppStore((s) => s.catalogue);
  const registry = useAppStore((s) => s.registry);
  const states = useAppStore(shownStates);
  const version = useAppStore((s) => s.version);
  const selectedId = useAppStore((s) => s.selectedId);
  const replaying = useAppStore((s) => s.replay !== null);
  const now = useShownNow(5_000);
  const { t, locale } = useT();
  const sections = useMemo(() => (open ? worstNow({ catalogue, states, now, version, registry }) : []), [open, catalogue, states, now, version, registry, locale]);
  if (catalogue.size === 0) return null;
  return (
    <div className={`worst-now${open ? ' open' : ''}${readOnly ? ' on-wall' : ''}`} data-testid="worst-now" role="region" aria-label={t('worst.title')}>
      {readOnly ? (
        <h2 className="worst-toggle">
          {t('worst.title')}
          {replaying ? t('worst.replayed') : ''}
        </h2>
      ) : (
        <button type="button" className="worst-toggle" data-testid="worst-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
          <span>
            {t('worst.title')}
            {replaying ? t('worst.replayed') : ''}
          </span>
          <span aria-hidden="true">{open ? '▾' : '▸'}</span>
        </button>
      )}
      {open && (
        <div className="worst-body">
          {sections.length === 0 ? <p className="muted worst-empty">{t('worst.noType')}</p> : sections.map((s) => <Section key={s.type.id} section={s} selectedId={selectedId} readOnly={readOnly} />)}
        </div>
      )}
    </div>
  );
}
