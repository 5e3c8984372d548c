/**
 * Globals the renderer relies on. `window.citydesk` is exposed by the Electron preload through contextBridge; it is
 * absent in browser mode. `window.__citydesk` holds the e2e test hooks (see renderer/testHooks.ts).
 */
import type { CityDeskTestHooks } from '../testHooks';

/** window.citydesk as exposed by electron/preload/preload.ts (CityDeskBridge). */
export interface CityDeskPreloadInfo {
  platform: 'electron';
  version: string;
  about?(): Promise<{ name: string; version: string; electron: string | null; chrome: string | null; node: string; attribution: string }>;
  /** A desktop notification (main process); resolves with whether it was shown. */
  notify?(title: string, body: string): Promise<{ shown: boolean }>;
  /** First run: the desk's first supervisor passphrase, set through main (host side), not the engine API. */
  setSupervisorPassphrase?(passphrase: string): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
}

declare global {
  interface Window {
    citydesk?: CityDeskPreloadInfo;
    __citydesk?: CityDeskTestHooks;
  }
}

export {};
