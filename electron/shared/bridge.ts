/**
 * The Electron seam between main, the preload and the page: the engine port's channel and messages, and the shape of
 * window.citydesk. Pure: the preload implements CityDeskBridge, main sends the port on ENGINE_PORT_CHANNEL, the
 * renderer (renderer/platform) declares window.citydesk with this type.
 *
 * The engine's MessagePort travels main -> preload over IPC on ENGINE_PORT_CHANNEL, then preload -> page with
 * window.postMessage({ type: ENGINE_PORT_CHANNEL }, '*', [port]). The page announces that it listens with
 * window.postMessage({ type: ENGINE_PORT_REQUEST }, '*'). main also hands the other end to the engine's utility
 * process as { type: ENGINE_PORT_CHANNEL } with the port.
 */

export const ENGINE_PORT_CHANNEL = 'citydesk:engine-port';
export const ENGINE_PORT_REQUEST = 'citydesk:engine-port-request';

/** The message that carries the engine port (its port is in the event's ports). */
export interface EnginePortMessage {
  type: typeof ENGINE_PORT_CHANNEL;
}

/** The page's "I am listening, send me the port". */
export interface EnginePortRequest {
  type: typeof ENGINE_PORT_REQUEST;
}

export function isMessageOfType<T extends string>(data: unknown, type: T): data is { type: T } {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === type;
}

/** Help > About, and window.citydesk.about(). */
export interface CityDeskAbout {
  name: string;
  version: string;
  electron: string | null;
  chrome: string | null;
  node: string;
  attribution: string;
}

/** window.citydesk as the preload exposes it (absent in browser mode). */
export interface CityDeskBridge {
  platform: 'electron';
  version: string;
  about(): Promise<CityDeskAbout>;
  /** A desktop notification (main process); resolves with whether it was shown. */
  notify(title: string, body: string): Promise<{ shown: boolean }>;
}
