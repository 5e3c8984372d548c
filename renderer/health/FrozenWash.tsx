/**
 * The engine is gone: the workspace (map, alarm list, panels) loses its colours and a hatched wash covers the screen,
 * so that nothing left on it passes for live; the top bar, the banners and the status bar keep their colours, since
 * they say "frozen at". Mounted while the engine is gone (TopBar.tsx TransportBanner), nothing is left when it returns.
 */
import { useEffect } from 'react';
import './health.css';

export const FROZEN_BODY_CLASS = 'engine-frozen';

export function FrozenWash() {
  useEffect(() => {
    document.body.classList.add(FROZEN_BODY_CLASS);
    return () => document.body.classList.remove(FROZEN_BODY_CLASS);
  }, []);
  return <div className="frozen-wash" data-testid="frozen-wash" aria-hidden="true" />;
}
