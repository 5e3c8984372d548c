/** The header's word on the desk's health (headerText.ts): source down, or frozen with the engine gone. */
import { feedNow, useAppStore } from '../store';
import { engineGone } from './frozen';
import { headerHealthText } from './headerText';
import { shownDown } from './shownDown';
import './health.css';

export function HeaderHealth() {
  const down = useAppStore(shownDown);
  const gone = useAppStore((s) => engineGone(s.transport, s.status));
  const frozenAt = useAppStore((s) => (engineGone(s.transport, s.status) ? feedNow(s) : null));
  const timeZone = useAppStore((s) => s.city.timeZone);
  const text = headerHealthText({ down, frozen: gone ? { at: frozenAt } : null, timeZone });
  if (!text) return null;
  return (
    <span className="header-health" role="status" data-testid="header-health" data-frozen={gone ? '' : undefined}>
      {text}
    </span>
  );
}
