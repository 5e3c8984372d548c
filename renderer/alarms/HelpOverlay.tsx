/**
 * The keyboard help overlay (the ? key): every shortcut of SHORTCUTS and the keys other controls handle (OTHER_KEYS),
 * by section, as keyboard.ts maps them. The focus goes to its Close button and comes back where it was on closing.
 */
import { useEffect, useRef } from 'react';
import { groupTitle, shortcutsOf, type ShortcutGroup } from './keyboard';
import { useT } from '../i18n/i18n';

const GROUPS: readonly ShortcutGroup[] = ['alarms', 'map', 'moving', 'desk'];

export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const closeRef = useRef<HTMLButtonElement>(null);
  const { t } = useT();
  useEffect(() => {
    const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    closeRef.current?.focus();
    return () => before?.focus();
  }, []);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onClose()}>
      <div className="modal help-overlay" role="dialog" aria-modal="true" aria-labelledby="help-overlay-title" data-testid="help-overlay" data-keyboard-help="">
        <header className="modal-head">
          <h2 id="help-overlay-title">{t('alarms.help.title')}</h2>
          <button ref={closeRef} type="button" className="close" onClick={onClose} aria-label={t('alarms.help.close')}>
            ×
          </button>
        </header>
        <p className="muted small">
          {t('alarms.help.intro')}
        </p>
        {GROUPS.map((g) => (
          <table className="shortcut-table" key={g} aria-labelledby={`shortcut-group-${g}`}>
            <caption id={`shortcut-group-${g}`}>{groupTitle(g, t)}</caption>
            <tbody>
              {shortcutsOf(g, t).map((s) => (
                <tr key={s.label} data-testid="shortcut-row">
                  <th scope="row">
                    <kbd>{s.label}</kbd>
                  </th>
                  <td>{s.description}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
      </div>
    </div>
  );
}
