/**
 * Globals the renderer relies on. `window.citydesk` is exposed by the Electron preload through contextBridge; it is
 * absent in browser mode. `window.__citydesk` holds the e2e test hooks (see renderer/testHooks.ts; only in a build made
 * for the e2e tests).
 */
import type { CityDeskBridge } from '../../electron/shared/bridge';
import type { CityDeskTestHooks } from '../testHooks';

declare global {
  interface Window {
    citydesk?: CityDeskBridge;
    __citydesk?: CityDeskTestHooks;
  }
}

export {};
