/** The About text: version and data attribution (shown in Help > About and returned by the 'app:about' IPC). */
import type { CityDeskAbout } from '../shared/bridge';

export const DATA_ATTRIBUTION =
  'Traffic, parking: CityPulse Dataset Collection (CC BY 4.0); data: Aarhus Kommune. ' +
  'Air quality: CityPulse simulated values (CC BY 4.0). ' +
  'Roads: © OpenStreetMap contributors (ODbL 1.0). ' +
  'Districts: Aarhus Kommune (CC BY 4.0). ' +
  'Water: CityPulse 3D map (MIT).';

/** What window.citydesk.about() resolves with (the bridge's shape, electron/shared/bridge.ts). */
export type AboutInfo = CityDeskAbout;

export function aboutInfo(opts: { version: string; versions: Partial<Record<string, string>> }): AboutInfo {
  return {
    name: 'CityDesk',
    version: opts.version,
    electron: opts.versions.electron ?? null,
    chrome: opts.versions.chrome ?? null,
    node: opts.versions.node ?? process.versions.node,
    attribution: DATA_ATTRIBUTION,
  };
}

/** The About dialog body (plain text, one fact per line). */
export function aboutDialogText(info: AboutInfo): string {
  const runtime = [
    info.electron ? `Electron ${info.electron}` : null,
    info.chrome ? `Chromium ${info.chrome}` : null,
    `Node ${info.node}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `${info.name} ${info.version}\n${runtime}\n\nData:\n${info.attribution.replace(/\. /g, '.\n')}`;
}
