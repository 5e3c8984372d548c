/**
 * "Data gaps: N" in the status bar: recorded gaps overlapping the last 24 h of feed time, with a popover listing them
 * (from–to, scope, reason). A sensor-scoped gap selects its sensor when clicked.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { GAP_WINDOW_MS, gapsBetween, useAppStore, useTimeZone } from '../store';
import { formatAge, formatFeedRange, gapScopeText } from './format';
import { useT } from '../i18n/i18n';

export function GapsIndicator({ now }: { now: number | null }) {
  const all = useAppStore((s) => s.gaps);
  const error = useAppStore((s) => s.gapsError);
  const catalogue = useAppStore((s) => s.catalogue);
  const select = useAppStore((s) => s.select);
  const registry = useAppStore((s) => s.registry);
  const tz = useTimeZone();
  const { t } = useT();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popRef = useRef<HTMLDivElement>(null);
  // Minute resolution is plenty for a 24 h window, and keeps the list stable between clock ticks.
  const minute = now === null ? null : Math.floor(now / 60_000) * 60_000;
  const gaps = useMemo(() => (minute === null ? [...all.values()] : gapsBetween(all, minute - GAP_WINDOW_MS, minute + 60_000)).reverse(), [all, minute]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent): void => {
      const t = e.target as Node;
      if (popRef.current?.contains(t) || buttonRef.current?.contains(t)) return;
      setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    window.addEventListener('mousedown', onDown);
    window.addEventListener('keydown', onKey);
    return () => {
      window.removeEventListener('mousedown', onDown);
      window.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const rect = open ? buttonRef.current?.getBoundingClientRect() : undefined;
  const name = (id: string): string | undefined => catalogue.get(id)?.name;
  const plural = (typeId: string): string | undefined => registry.get(typeId)?.pluralLabel;

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        className={gaps.length > 0 ? 'status-button gaps has' : 'status-button gaps'}
        data-testid="status-gaps"
        aria-expanded={open}
        title={error ?? t('panels.gapsTitle')}
        onClick={() => setOpen((o) => !o)}
      >
        {t('panels.gapsButton', { n: error ? '?' : gaps.length })}
      </button>
      {open && (
        <div
          ref={popRef}
          className="popover"
          data-testid="gaps-popover"
          role="dialog"
          aria-label={t('panels.gaps')}
          style={rect ? { left: Math.max(8, Math.min(rect.left, window.innerWidth - 468)), bottom: window.innerHeight - rect.top + 6 } : undefined}
        >
          <div className="popover-head">
            <b>{t('panels.gaps')}</b> <span className="muted">{t('panels.gapsHead')}</span>
          </div>
          {error && <p className="error small">{error}</p>}
          {gaps.length === 0 ? (
            <p className="muted small">{t('panels.noGaps')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  <th>{t('panels.feedTime')}</th>
                  <th>{t('panels.length')}</th>
                  <th>{t('panels.scope')}</th>
                  <th>{t('panels.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {gaps.map((g) => {
                  const sensor = catalogue.has(g.scope);
                  return (
                    <tr key={g.id} data-testid="gap-item">
                      <td className="mono">{formatFeedRange(g.from, g.to, tz)}</td>
                      <td className="mono">{formatAge(g.to - g.from)}</td>
                      <td>
                        {sensor ? (
                          <button type="button" className="link" onClick={() => select(g.scope)} title={t('panels.showSensor')}>
                            {gapScopeText(g.scope, name, plural)}
                          </button>
                        ) : (
                          gapScopeText(g.scope, name, plural)
                        )}
                      </td>
                      <td>{g.reason}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </div>
      )}
    </>
  );
}
