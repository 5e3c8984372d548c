/**
 * Preload (sandboxed, context-isolated). Exposes a small, named API as window.citydesk, and forwards the engine's
 * MessagePort from main to the page. Nothing generic: no ipcRenderer, no send/invoke(channel) passthrough.
 * Bundled by build/bundle.mjs to dist/electron/preload/preload.cjs (only `require('electron')` at run time).
 */
import { contextBridge, ipcRenderer } from 'electron';

declare const __CITYDESK_VERSION__: string | undefined;

const ENGINE_PORT_CHANNEL = 'citydesk:engine-port';
const version = typeof __CITYDESK_VERSION__ === 'string' ? __CITYDESK_VERSION__ : '0.0.0-dev';

export interface CityDeskAbout {
  name: string;
  version: string;
  electron: string | null;
  chrome: string | null;
  node: string;
  attribution: string;
}

/** What the renderer sees as window.citydesk (renderer/platform declares the same shape). */
export interface CityDeskBridge {
  platform: 'electron';
  version: string;
  about(): Promise<CityDeskAbout>;
  notify(title: string, body: string): Promise<{ shown: boolean }>;
  /** First run: sets the desk's first supervisor passphrase through main (host side), not the engine API. */
  setSupervisorPassphrase(passphrase: string): Promise<{ ok: true } | { ok: false; code: string; message: string }>;
}

const bridge: CityDeskBridge = {
  platform: 'electron',
  version,
  about: () => ipcRenderer.invoke('app:about') as Promise<CityDeskAbout>,
  notify: (title, body) => ipcRenderer.invoke('app:notify', { title: String(title), body: String(body) }) as Promise<{ shown: boolean }>,
  setSupervisorPassphrase: (passphrase) =>
    ipcRenderer.invoke('app:set-supervisor-passphrase', { passphrase: String(passphrase) }) as Promise<{ ok: true } | { ok: false; code: string; message: string }>,
};

contextBridge.exposeInMainWorld('citydesk', bridge);

// The engine's port: main -> preload (IPC, on every page load, and after an engine restart), then preload -> page
// with window.postMessage({ type: 'citydesk:engine-port' }, '*', [port]); the page takes it from event.ports[0].
//
// A transferred port cannot be sent twice, and the page may start listening after the port arrives. So the page
// announces itself with { type: 'citydesk:engine-port-request' } (renderer/platform/electron.ts): until then the
// preload holds the newest port; after that it forwards ports at once. A request when nothing is held (the page
// re-created its channel, or missed a port) asks main for a fresh port. If the page never asks, a held port is
// forwarded after a grace period anyway.
const ENGINE_PORT_REQUEST = 'citydesk:engine-port-request';
const UNASKED_GRACE_MS = 3000;
let pageListening = false;
let held: MessagePort[] | null = null;
let graceTimer: ReturnType<typeof setTimeout> | null = null;
let delivered = 0;

const isAppPage = (): boolean => window.location.protocol === 'app:';

function deliver(ports: MessagePort[]): void {
  if (graceTimer !== null) clearTimeout(graceTimer);
  graceTimer = null;
  held = null;
  delivered++;
  if (isAppPage()) window.postMessage({ type: ENGINE_PORT_CHANNEL }, '*', ports);
}

ipcRenderer.on(ENGINE_PORT_CHANNEL, (event) => {
  if (!isAppPage() || event.ports.length === 0) return;
  if (pageListening) {
    deliver(event.ports);
    return;
  }
  for (const p of held ?? []) p.close(); // superseded
  held = event.ports;
  if (graceTimer !== null) clearTimeout(graceTimer);
  graceTimer = setTimeout(() => held && deliver(held), UNASKED_GRACE_MS);
});

window.addEventListener('message', (event: MessageEvent) => {
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== ENGINE_PORT_REQUEST) return;
  if (event.origin !== window.location.origin || !isAppPage()) return;
  pageListening = true;
  if (held) deliver(held);
  else if (delivered > 0) ipcRenderer.invoke('app:engine-port').catch(() => {}); // it had (or missed) one: a fresh one
});
