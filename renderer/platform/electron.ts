/**
 * Electron mode: the preload transfers a MessagePort into the main world with
 *   window.postMessage({ type: ENGINE_PORT_CHANNEL }, '*', [port])
 * We accept it only from our own window (event.source === window) with that exact type. A later port (e.g. after the
 * engine process restarted) replaces the current one: the channel closes and reopens.
 *
 * Because the preload may post the port before this module runs, we also post
 *   window.postMessage({ type: ENGINE_PORT_REQUEST }, '*')
 * once listening, so that a preload which waits for (or also honours) that request can (re)send the port.
 * (Channel and message types: electron/shared/bridge.ts.)
 */
import type { RpcRequest } from '../../electron/engine/api';
import { ELECTRON_BASEMAP_MANIFEST_URL } from '../../electron/shared/basemap-manifest';
import { ENGINE_PORT_CHANNEL, ENGINE_PORT_REQUEST, isMessageOfType, type EnginePortRequest } from '../../electron/shared/bridge';
import type { Channel } from './channel';
import { createRpcClient, type PlatformClient } from './rpc-client';
import { t } from '../i18n/i18n';

export function isPortMessage(ev: Pick<MessageEvent, 'source' | 'data' | 'ports'>, self: unknown): boolean {
  return ev.source === self && isMessageOfType(ev.data, ENGINE_PORT_CHANNEL) && ev.ports.length > 0;
}

export function createMessagePortChannel(win: Window = window): Channel {
  const messageListeners: ((msg: unknown) => void)[] = [];
  const openListeners: (() => void)[] = [];
  const closeListeners: ((reason: string | null) => void)[] = [];
  let port: MessagePort | null = null;
  let stopped = false;

  const dropPort = (reason: string | null): void => {
    const old = port;
    if (!old) return;
    port = null;
    old.onmessage = null;
    old.close();
    for (const l of closeListeners) l(reason);
  };

  const onWindowMessage = (ev: MessageEvent): void => {
    if (stopped || !isPortMessage(ev, win)) return;
    const next = ev.ports[0];
    if (!next) return;
    dropPort(t('platform.portReplaced'));
    port = next;
    next.onmessage = (m: MessageEvent) => {
      if (port !== next) return;
      for (const l of messageListeners) l(m.data);
    };
    // Chromium fires 'close' on an entangled MessagePort when the other side goes away (Electron >= 29 / Chrome 122).
    next.addEventListener('close', () => {
      if (port === next) dropPort(t('platform.portClosed'));
    });
    next.start();
    for (const l of openListeners) l();
  };

  win.addEventListener('message', onWindowMessage);
  const request: EnginePortRequest = { type: ENGINE_PORT_REQUEST };
  queueMicrotask(() => win.postMessage(request, '*'));

  return {
    send(msg: RpcRequest) {
      if (!port) throw new Error(t('platform.portUnavailable')); // shown inside "could not send …"
      port.postMessage(msg);
    },
    onMessage: (l) => void messageListeners.push(l),
    onOpen: (l) => void openListeners.push(l),
    onClose: (l) => void closeListeners.push(l),
    close() {
      stopped = true;
      win.removeEventListener('message', onWindowMessage);
      dropPort(null);
    },
  };
}

export function connectElectron(): PlatformClient {
  return createRpcClient(createMessagePortChannel(window), 'electron');
}

/** The user's city base map comes from main's citydesk-basemap:// protocol (electron/main/basemap-protocol.ts). */
export function electronBasemapManifestUrl(): string {
  return ELECTRON_BASEMAP_MANIFEST_URL;
}
