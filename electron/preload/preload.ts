/**
 * Preload (sandboxed, context-isolated). Exposes a small, named API as window.citydesk, and forwards the engine's
 * MessagePort from main to the page. Nothing generic: no ipcRenderer, no send/invoke(channel) passthrough.
 * Bundled by build/bundle.mjs to dist/electron/preload/preload.cjs (only `require('electron')` at run time).
 */
import { contextBridge, ipcRenderer } from 'electron';
import { ENGINE_PORT_CHANNEL, ENGINE_PORT_REQUEST, isMessageOfType, type CityDeskAbout, type CityDeskBridge, type EnginePortMessage } from '../shared/bridge';

declare const __CITYDESK_VERSION__: string | undefined;

const version = typeof __CITYDESK_VERSION__ === 'string' ? __CITYDESK_VERSION__ : '0.0.0-dev';

const bridge: CityDeskBridge = {
  platform: 'electron',
  version,
  about: () => ipcRenderer.invoke('app:about') as Promise<CityDeskAbout>,
  notify: (title, body) => ipcRenderer.invoke('app:notify', { title: String(title), body: String(body) }) as Promise<{ shown: boolean }>,
};

contextBridge.exposeInMainWorld('citydesk', bridge);

// The engine's port: main -> preload (IPC, on every page load, and after an engine restart), then preload -> page
// with window.postMessage({ type: ENGINE_PORT_CHANNEL }, '*', [port]); the page takes it from event.ports[0].
//
// A transferred port cannot be sent twice, and the page may start listening after the port arrives. So the page
// announces itself with { type: ENGINE_PORT_REQUEST } (renderer/platform/electron.ts): until then the
// preload holds the newest port; after that it forwards ports at once. A request when nothing is held (the page
// re-created its channel, or missed a port) asks main for a fresh port. If the page never asks, a held port is
// forwarded after a grace period anyway.
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
  const message: EnginePortMessage = { type: ENGINE_PORT_CHANNEL };
  if (isAppPage()) window.postMessage(message, '*', ports);
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
  if (!isMessageOfType(event.data, ENGINE_PORT_REQUEST)) return;
  if (event.origin !== window.location.origin || !isAppPage()) return;
  pageListening = true;
  if (held) deliver(held);
  else if (delivered > 0) ipcRenderer.invoke('app:engine-port').catch(() => {}); // it had (or missed) one: a fresh one
});
