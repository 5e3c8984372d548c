/** A small modal dialog: backdrop, title, Escape / backdrop click to cancel, focus on the first field. */
import { useEffect, useRef, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';

export function Dialog({ title, onCancel, children, testId, wide }: { title: string; onCancel: () => void; children: ReactNode; testId?: string; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  const { t } = useT();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCancel();
      }
    };
    window.addEventListener('keydown', onKey, true);
    // The first field (not the header's close button, which comes first in the document), else the first button.
    (ref.current?.querySelector<HTMLElement>('input, textarea, select') ?? ref.current?.querySelector<HTMLElement>('button'))?.focus();
    return () => window.removeEventListener('keydown', onKey, true);
  }, [onCancel]);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div ref={ref} className={wide ? 'modal wide' : 'modal'} role="dialog" aria-modal="true" aria-label={title} data-testid={testId}>
        <header className="modal-head">
          <h2>{title}</h2>
          <button type="button" className="close" onClick={onCancel} aria-label={t('common.close')}>×</button>
        </header>
        {children}
      </div>
    </div>
  );
}
