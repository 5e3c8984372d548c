/**
 * Globals the renderer relies on. `window.citydesk` is exposed by the Electron preload through contextBridge; it is
 * absent in browser mode. `window.__citydesk` holds the e2e test hooks (see renderer/testHooks.ts).
 */
import type { CityDeskTestHooks } from '../testHooks';

export interface CityDeskPreloadInfo {
  platform: 'electron';
  version: string;
}

declare global {
  interface Window {
    citydesk?: CityDeskPreloadInfo;
    __citydesk?: CityDeskTestHooks;
  }
}

export {};
