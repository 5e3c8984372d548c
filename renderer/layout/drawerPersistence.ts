/**
 * Keeps the drawer's open state (the store's drawerOpen, which the tabs and other panels set) and the remembered
 * settings.drawerCollapsed in step: the remembered state is applied at start, and every change either way is copied to
 * the other (so a reload opens the drawer as it was left). Returns the unsubscribe.
 */
import type { AppStore } from '../store';

export function startDrawerPersistence(store: AppStore): () => void {
  const s0 = store.getState();
  if (s0.drawerOpen === s0.settings.drawerCollapsed) s0.setDrawerOpen(!s0.settings.drawerCollapsed);
  return store.subscribe((s, prev) => {
    if (s.drawerOpen !== prev.drawerOpen && s.settings.drawerCollapsed === s.drawerOpen) s.setSetting('drawerCollapsed', !s.drawerOpen);
    else if (s.settings.drawerCollapsed !== prev.settings.drawerCollapsed && s.drawerOpen === s.settings.drawerCollapsed) s.setDrawerOpen(!s.settings.drawerCollapsed);
  });
}
