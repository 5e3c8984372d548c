/**
 * The one place that picks the transport. The rest of the renderer only sees an EngineClient (plus transport details).
 */
import type { EngineClient } from '../../electron/engine/api';
import { connectElectron, electronBasemapManifestUrl } from './electron';
import type { PlatformClient } from './rpc-client';
import { connectWeb, webBasemapManifestUrl } from './web';

export type { PlatformClient, TransportState } from './rpc-client';

export function isElectron(): boolean {
  return typeof window !== 'undefined' && window.citydesk?.platform === 'electron';
}

export function connectEngine(): EngineClient & PlatformClient {
  return isElectron() ? connectElectron() : connectWeb();
}

/** Where the map reads the host's base-map manifest: main's protocol in Electron, the web host's /engine/basemap else. */
export function basemapManifestUrl(pageBase: string, electron: boolean = isElectron()): string {
  return electron ? electronBasemapManifestUrl() : webBasemapManifestUrl(pageBase);
}
