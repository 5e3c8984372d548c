/**
 * Test material for connecting a source: "another city" (Bristol) served over HTTP as GeoJSON, behind basic auth, the
 * way an open-data portal answers: three air-quality stations with NO2 and PM10 in µg/m³ and local times
 * (Europe/London), and one row whose NO2 is the text "n/a" (the preview must explain its rejection). Times are recent
 * (minutes before now) so that the sensors are live when they arrive.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export const OTHER_CITY_USER = 'portal-user';
export const OTHER_CITY_PASSWORD = 'Sup3r-s3cret-Pa55word';

/** A wall time as the portal writes it: local Europe/London wall time without zone, "2026-11-30 14:05:00". */
function londonWall(ms: number): string {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false }).formatToParts(new Date(ms));
  const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second}`;
}

export function otherCityGeojson(now = Date.now()): unknown {
  const t = londonWall(Math.floor(now / 60_000) * 60_000 - 2 * 60_000);
  const station = (id: string, name: string, lon: number, lat: number, no2: string | number, pm10: number) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [lon, lat] },
    properties: { site_id: id, site_name: name, measured_at: t, no2, pm10 },
  });
  return {
    type: 'FeatureCollection',
    features: [
      station('BRS-1', 'Bristol Temple Way', -2.5833, 51.4545, 41.2, 18.5),
      station('BRS-2', 'Bristol Parson Street', -2.6012, 51.4321, 37.9, 22.1),
      station('BRS-3', 'Bristol Fishponds Road', -2.5501, 51.4752, 28.4, 15.0),
      station('BRS-4', 'Bristol Wells Road', -2.5705, 51.4389, 'n/a', 19.3),
    ],
  };
}

export interface OtherCityServer {
  url: string;
  server: Server;
  /** Authorization headers received, in order. */
  auth: (string | undefined)[];
  close(): Promise<void>;
}

/** Serves the GeoJSON at /air.geojson; 401 without the right basic credentials. */
export async function serveOtherCity(): Promise<OtherCityServer> {
  const auth: (string | undefined)[] = [];
  const expected = `Basic ${Buffer.from(`${OTHER_CITY_USER}:${OTHER_CITY_PASSWORD}`).toString('base64')}`;
  const server = createServer((req: IncomingMessage, res) => {
    auth.push(req.headers.authorization);
    if (req.url !== '/air.geojson') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('no such dataset');
      return;
    }
    if (req.headers.authorization !== expected) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('authentication required');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/geo+json' }).end(JSON.stringify(otherCityGeojson()));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/air.geojson`;
  return { url, server, auth, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The document a supervisor ends up with for that portal: basic auth with a stored password, fields mapped. */
export function otherCityDocument(url: string, extra: { id?: string; zone?: string } = {}) {
  return {
    source: {
      id: extra.id ?? 'bristol-air',
      name: 'Bristol air quality (portal)',
      type: 'http',
      connection: { url, everyS: 60, auth: { type: 'basic', user: OTHER_CITY_USER, password: { env: 'CITYDESK_SECRET_PASSWORD' } } },
      sensorType: 'air-quality',
      mapping: {
        id: 'properties.site_id',
        name: 'properties.site_name',
        position: { geometry: 'geometry' },
        time: { field: 'properties.measured_at', format: { pattern: 'YYYY-MM-DD HH:mm:ss' }, zone: extra.zone ?? 'Europe/London' },
        metrics: { no2: { field: 'properties.no2', unit: 'µg/m³' }, pm10: { field: 'properties.pm10', unit: 'µg/m³' } },
      },
    },
  };
}
