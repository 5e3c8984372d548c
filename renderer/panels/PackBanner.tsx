/**
 * An incident pack opened read-only (`npm run web -- --incident DIR`, or File > Open incident pack…): which pack, who
 * made it and when, that nothing here can be changed, and, when a file does not match its manifest, which ones: a pack
 * that is not what it says is never shown silently.
 */
import { useT } from '../i18n/i18n';
import { useState } from 'react';
import { useAppStore } from '../store';
import { formatFeedRange, formatTime } from './format';

export function PackBanner() {
  const mode = useAppStore((s) => s.deskMode);
  const timeZone = useAppStore((s) => s.city.timeZone);
  const [open, setOpen] = useState(false);
  const { t } = useT();
  if (mode?.mode !== 'incident') return null;
  const made = Date.parse(mode.createdAt);
  const madeText = Number.isFinite(made) ? formatTime(made, timeZone, 'dateTime') : mode.createdAt;
  return (
    <div className={`banner pack-banner ${mode.verified ? 'pack-verified' : 'pack-unverified'}`} role={mode.verified ? 'status' : 'alert'} data-testid="pack-banner" data-verified={mode.verified}>
      <span className="banner-title">{t('panels.packTitle', { name: mode.name })}</span>
      <span className="banner-detail">
        {' '}
        {t('panels.packMade', { range: formatFeedRange(mode.from, mode.to, timeZone), by: mode.createdBy, time: madeText })}{' '}
        {mode.verified ? t('panels.packVerified') : t('panels.packProblems', { count: mode.problems.length })}
      </span>
      {!mode.verified && (
        <button type="button" className="link" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? t('panels.hideProblems') : t('panels.showProblems')}
        </button>
      )}
      {open && (
        <ul className="pack-problems" data-testid="pack-problems">
          {mode.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
