/**
 * The pack's map snapshots: the PNG encoder (decoded back by the e2e tests' independent decoder), the rasteriser's
 * fills and strokes, the projection, and pictures of the demo city: Aarhus drawn where its roads are, sensors in the
 * colour of their state at their projected places, alarm rings.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../../electron/engine/api';
import { shippedRegistry } from '../../../electron/engine/feed/registry';
import { loadSnapshotBasemap } from '../../../electron/engine/incident-pack/raster/basemap';
import { Canvas } from '../../../electron/engine/incident-pack/raster/canvas';
import { renderMapCanvas, renderMapPng, SNAPSHOT_COLORS } from '../../../electron/engine/incident-pack/raster/map-snapshot';
import { crc32, encodePng } from '../../../electron/engine/incident-pack/raster/png';
import { fitBbox } from '../../../electron/engine/incident-pack/raster/projection';
import { drawText, textWidth } from '../../../electron/engine/incident-pack/raster/text';
import type { MapSnapshotInput, SnapshotBasemap } from '../../../electron/engine/incident-pack/render-types';
import { PRIORITY_STYLE } from '../../../electron/shared/alarm-colors';
import type { Sensor, SensorState } from '../../../electron/shared/model';
import { FLAGGED_COLOR, NEVER_COLOR, STALE_COLOR, type RGBA } from '../../../electron/shared/sensor-colors';
import { BAND_ALPHA } from '../../../electron/shared/sensor-style';
import { bandRgb } from '../../../electron/shared/palette/bands';
import { DEFAULT_PALETTE } from '../../../electron/shared/palette/palettes';
import { decodePng, type DecodedPng } from '../../e2e/png';
import { ASSETS, aarhusCity, demoData, demoSnapshotInput } from './raster-fixtures';

const OUT = join(__dirname, '../../../test-results/incident-pack');

function px(img: DecodedPng, x: number, y: number): RGBA {
  const i = (Math.floor(y) * img.width + Math.floor(x)) * 4; // the pixel that holds the point
  return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!, img.data[i + 3]!];
}

function distinctColours(img: DecodedPng): number {
  const seen = new Set<number>();
  for (let i = 0; i < img.data.length; i += 4) seen.add((img.data[i]! << 16) | (img.data[i + 1]! << 8) | img.data[i + 2]!);
  return seen.size;
}

/** `color` at its alpha over an opaque `under`, as Canvas.blend does. */
function over(color: RGBA, under: readonly number[]): number[] {
  const a = color[3] / 255;
  return [0, 1, 2].map((k) => Math.round(color[k]! * a + under[k]! * (1 - a)));
}

const near = (a: readonly number[], b: readonly number[], tol: number): boolean => [0, 1, 2].every((k) => Math.abs(a[k]! - b[k]!) <= tol);

describe('PNG encoder', () => {
  it('computes the CRC-32 of the standard check string', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('round-trips RGBA pixels through an independent decoder', () => {
    const w = 37;
    const h = 23;
    const rgba = new Uint8Array(w * h * 4);
    let seed = 7;
    for (let i = 0; i < rgba.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      rgba[i] = i % 97 < 40 ? (i * 3) & 0xff : seed & 0xff; // runs (Sub/Up filters) and noise (None)
    }
    const png = decodePng(Buffer.from(encodePng(w, h, rgba)));
    expect([png.width, png.height]).toEqual([w, h]);
    expect(Buffer.from(png.data).equals(Buffer.from(rgba))).toBe(true);
  });

  it('refuses data of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(15))).toThrow(/16 bytes/);
    expect(() => encodePng(0, 2, new Uint8Array(0))).toThrow(/positive/);
  });
});

describe('rasteriser', () => {
  const white: RGBA = [255, 255, 255, 255];

  it('fills even-odd: a square with a hole leaves the hole empty', () => {
    const c = new Canvas(40, 40);
    const sq = (a: number, b: number): [number, number][] => [
      [a, a],
      [b, a],
      [b, b],
      [a, b],
    ];
    c.fillPath([sq(5, 35), sq(15, 25)], white);
    expect(c.pixel(8, 8)).toEqual(white);
    expect(c.pixel(20, 20)).toEqual([0, 0, 0, 255]);
    expect(c.pixel(2, 2)).toEqual([0, 0, 0, 255]);
    // Anti-aliased edge: half a pixel covered gives a middle grey.
    const e = new Canvas(10, 10);
    e.fillRect(0, 0, 4.5, 10, white);
    expect(e.pixel(4, 5)[0]).toBeGreaterThan(100);
    expect(e.pixel(4, 5)[0]).toBeLessThan(160);
  });

  it('strokes a polyline as one shape: a translucent line is not darker where its pieces overlap', () => {
    const c = new Canvas(60, 60);
    const half: RGBA = [255, 255, 255, 128];
    c.strokeLine(
      [
        [10, 30],
        [30, 30],
        [50, 10],
      ],
      8,
      half,
    );
    const atJoin = c.pixel(30, 30)[0];
    const onSegment = c.pixel(20, 30)[0];
    expect(onSegment).toBeGreaterThan(120);
    expect(Math.abs(atJoin - onSegment)).toBeLessThanOrEqual(2);
    expect(c.pixel(20, 40)).toEqual([0, 0, 0, 255]); // beyond the width
  });

  it('draws rings with an empty middle, and text with ink', () => {
    const c = new Canvas(60, 60);
    c.strokeCircle(30, 30, 15, 3, white);
    expect(c.pixel(45, 30)[0]).toBeGreaterThan(200);
    expect(c.pixel(30, 30)).toEqual([0, 0, 0, 255]);
    const t = new Canvas(80, 20);
    drawText(t, 'Aø 12:05', 1, 1, { color: white });
    let ink = 0;
    for (let i = 0; i < t.data.length; i += 4) if (t.data[i]! > 0) ink++;
    expect(ink).toBeGreaterThan(40);
    expect(textWidth('12:05')).toBe(29);
  });

  it('fits a box into the picture keeping its proportions', () => {
    const p = fitBbox([10, 56, 10.3, 56.2], 800, 600, { top: 40, bottom: 20 });
    const [x0, y0] = p.project(10, 56.2);
    const [x1, y1] = p.project(10.3, 56);
    expect(Math.min(x0, y0 - 40)).toBeGreaterThanOrEqual(-0.01);
    expect(x1).toBeLessThanOrEqual(800.01);
    expect(y1).toBeLessThanOrEqual(580.01);
    // One edge touches the picture: it is as large as fits.
    expect(Math.min(Math.abs(x1 - x0 - 800), Math.abs(y1 - y0 - 540))).toBeLessThan(0.01);
    expect(() => fitBbox([1, 2, 0, 3], 10, 10)).toThrow(/bbox/);
  });
});

describe('map snapshot: sensors in the colour of their state', () => {
  const registry = shippedRegistry();
  const at = Date.UTC(2014, 7, 1, 12, 0, 0);
  const carPark = (id: string, lng: number): Sensor => ({
    id,
    kind: 'car-park',
    name: id,
    geometry: { type: 'Point', coordinates: [lng, 56.15] },
    expectedIntervalS: 1800,
    attributes: { totalSpaces: 100 },
  });
  const state = (id: string, ts: number, values: Record<string, number | null>, flags: string[] = []): SensorState => ({
    sensorId: id,
    last: { sensorId: id, ts, values },
    derived: registry.derive('car-park', { totalSpaces: 100 }, values),
    flags,
    count: 1,
  });
  const sensors = [carPark('ok', 10.1), carPark('stale', 10.12), carPark('never', 10.14), carPark('empty', 10.16)];
  const input: MapSnapshotInput = {
    width: 400,
    height: 300,
    bbox: [10.09, 56.14, 10.17, 56.16],
    at,
    city: { name: 'Testby', timeZone: 'Europe/Copenhagen', home: null, extent: null, attribution: null, source: 'feed' },
    sensors,
    registry,
    states: [
      state('ok', at - 60_000, { vehicleCount: 10, totalSpaces: 100 }),
      state('stale', at - 6 * 3600_000, { vehicleCount: 10, totalSpaces: 100 }),
      state('empty', at - 60_000, { vehicleCount: null, totalSpaces: 100 }, registry.flags('car-park', { totalSpaces: 100 }, { vehicleCount: null, totalSpaces: 100 })),
    ],
    alarms: [],
    area: null,
    basemap: null,
  };

  it('draws each at its projected place: band colour, stale grey, never dark, cannot-judge violet', () => {
    const { projection, sensors: drawn } = renderMapCanvas(input);
    const img = decodePng(Buffer.from(renderMapPng(input)));
    expect([img.width, img.height]).toEqual([400, 300]);
    const land = SNAPSHOT_COLORS.land;
    const where = (id: string) => projection.project(...((sensors.find((s) => s.id === id)!.geometry.coordinates as [number, number])));
    const band = registry.band('car-park', 10)!; // 10 of 100 spaces taken
    // The default (calm) palette: a car park with spaces free is normal, so grey.
    const carParkType = registry.get('car-park')!;
    expect(near(px(img, ...where('ok')), over([...bandRgb(DEFAULT_PALETTE, carParkType, band), BAND_ALPHA] as RGBA, land), 1)).toBe(true);
    expect(near(px(img, ...where('stale')), over(STALE_COLOR, land), 1)).toBe(true);
    expect(near(px(img, ...where('never')), over(NEVER_COLOR, land), 1)).toBe(true);
    expect(near(px(img, ...where('empty')), over(FLAGGED_COLOR, land), 1)).toBe(true);
    expect(drawn.map((d) => d.freshness)).toEqual(['live', 'stale', 'never', 'live']);
  });

  it('rings an unacknowledged alarm thicker than an acknowledged one', () => {
    const alarm = (subject: string, acknowledged: Alarm['acknowledged']): Alarm =>
      ({ id: `r|${subject}|1`, ruleId: 'r', subject, state: acknowledged ? 'acknowledged' : 'active', severity: 'warning', raisedSeverity: 'warning', raisedAt: at - 1000, message: 'm', lastMessage: 'm', clearedAt: null, acknowledged, resolved: null, escalatedAt: null, updatedAt: at, priority: 'high' }) as Alarm;
    const withAlarms = { ...input, alarms: [alarm('ok', null), alarm('stale', { by: 'ana', at: at - 500 })] };
    const { canvas, projection } = renderMapCanvas(withAlarms);
    const ringPixels = (id: string): number => {
      const [cx, cy] = projection.project(...((sensors.find((s) => s.id === id)!.geometry.coordinates as [number, number])));
      const r = PRIORITY_STYLE.high.radius;
      let n = 0;
      for (let y = Math.floor(cy - r - 8); y <= cy + r + 8; y++) {
        for (let x = Math.floor(cx - r - 8); x <= cx + r + 8; x++) {
          const d = Math.hypot(x - cx, y - cy);
          const [red, green, blue] = canvas.pixel(x, y);
          if (d > r - 6 && d < r + 6 && red > 120 && green > 60 && blue < 60) n++;
        }
      }
      return n;
    };
    expect(ringPixels('ok')).toBeGreaterThan(ringPixels('stale') * 1.5);
    expect(ringPixels('stale')).toBeGreaterThan(0);
  });
});

describe('map snapshot of the demo city', () => {
  let basemap: SnapshotBasemap;
  beforeAll(() => {
    basemap = loadSnapshotBasemap(ASSETS, { home: null, extent: [10.1, 56.1, 10.3, 56.2] })!;
    demoData();
  }, 120_000);

  it('loads the shipped base map where a city lies on it (the demo city), not elsewhere, once', () => {
    expect(basemap.roads.length).toBeGreaterThan(10_000);
    expect(basemap.districts.length).toBeGreaterThan(90);
    expect(basemap.water.length).toBeGreaterThan(0);
    expect(loadSnapshotBasemap(ASSETS, { home: null, extent: [10.1, 56.1, 10.3, 56.2] })).toBe(basemap);
    expect(loadSnapshotBasemap(ASSETS, { home: [-2.25, 57.1, -2.0, 57.2], extent: null })).toBeNull();
  });

  it('draws Aarhus: roads where the roads are, sensors in their state, many colours', () => {
    const at = demoData().start + 10 * 3600_000;
    const input = demoSnapshotInput(at, { basemap });
    const png = renderMapPng(input);
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'aarhus-snapshot.png'), png);
    const img = decodePng(Buffer.from(png));
    expect([img.width, img.height]).toEqual([1200, 800]);
    expect(distinctColours(img)).toBeGreaterThan(300);

    const { projection, sensors } = renderMapCanvas(input);
    const land = SNAPSHOT_COLORS.land;
    // Big roads: their vertices in view are drawn (not bare land).
    const big = basemap.roads.filter((r) => r.cls === 'primary' || r.cls === 'motorway').flatMap((r) => r.line);
    const inView = big.map(([a, b]) => projection.project(a, b)).filter(([x, y]) => x > 5 && y > 60 && x < 1195 && y < 770);
    expect(inView.length).toBeGreaterThan(50);
    const onRoad = inView.filter(([x, y]) => !near(px(img, x, y), land, 3)).length;
    expect(onRoad / inView.length).toBeGreaterThan(0.95);
    // The same picture without a base map is bare land there.
    const bare = decodePng(Buffer.from(renderMapPng({ ...input, sensors: [], basemap: null })));
    const bareOnRoad = inView.filter(([x, y]) => !near(px(bare, x, y), land, 3)).length;
    expect(bareOnRoad).toBe(0);

    // Live traffic segments are opaque lines: at their midpoints most show exactly their state's colour.
    const lines = sensors.filter((d) => d.sensor.kind === 'traffic' && d.freshness === 'live' && d.sensor.geometry.type === 'LineString');
    expect(lines.length).toBeGreaterThan(100);
    // Both directions of a road share their end points: the one drawn last shows, so any segment there counts.
    const mid = (d: (typeof lines)[number]): [number, number] => {
      const c = d.sensor.geometry.coordinates as [number, number][];
      const [x0, y0] = projection.project(...c[0]!);
      const [x1, y1] = projection.project(...c[c.length - 1]!);
      return [(x0 + x1) / 2, (y0 + y1) / 2];
    };
    const points = sensors.filter((d) => d.sensor.geometry.type === 'Point');
    const clear = lines.filter((d) => points.every((p) => Math.hypot(p.at[0] - mid(d)[0], p.at[1] - mid(d)[1]) > 35));
    expect(clear.length).toBeGreaterThan(100);
    const exact = clear.filter((d) => {
      const [x, y] = mid(d);
      const there = lines.filter((o) => Math.hypot(mid(o)[0] - x, mid(o)[1] - y) < 2);
      return there.some((o) => near(px(img, x, y), o.color, 0));
    }).length;
    expect(exact / clear.length).toBeGreaterThan(0.85);
    // Car parks (drawn alone: air-quality points lie over some): the centre of each has its colour (band at 235/255).
    const parksOnly = renderMapCanvas({ ...input, sensors: input.sensors.filter((s) => s.kind === 'car-park') });
    const parks = parksOnly.sensors;
    expect(parks.length).toBe(8);
    // Big car parks overlap: those whose centre no later-drawn one covers show their own colour there.
    const onTop = parks.filter((d, i) => parks.slice(i + 1).every((o) => Math.hypot(o.at[0] - d.at[0], o.at[1] - d.at[1]) > o.size + 2));
    expect(onTop.length).toBeGreaterThanOrEqual(2);
    for (const d of onTop) expect(near(parksOnly.canvas.pixel(Math.floor(d.at[0]), Math.floor(d.at[1])), d.color, 22)).toBe(true);
  }, 120_000);

  it('draws a district area and alarm rings over the centre', () => {
    const at = demoData().start + 10 * 3600_000;
    const district = basemap.districts.find((d) => d.name === 'Midtbyen') ?? basemap.districts[0]!;
    const parks = demoData().sensors.filter((s) => s.kind === 'car-park');
    const alarms = parks.slice(0, 3).map(
      (s, i) =>
        ({ id: `r|${s.id}|1`, ruleId: 'r', subject: s.id, state: 'active', severity: 'critical', raisedSeverity: 'critical', raisedAt: at - 1000, message: 'm', lastMessage: 'm', clearedAt: null, acknowledged: i === 0 ? { by: 'ana', at: at - 500 } : null, resolved: null, escalatedAt: null, updatedAt: at, priority: i === 2 ? 'urgent' : 'high' }) as Alarm,
    );
    const input = demoSnapshotInput(at, { basemap, bbox: [10.17, 56.14, 10.23, 56.165], width: 1000, height: 700, alarms, area: { kind: 'district', name: district.name, polygons: district.rings.map((r) => [r]) } });
    const png = renderMapPng(input);
    writeFileSync(join(OUT, 'aarhus-centre-alarms.png'), png);
    const img = decodePng(Buffer.from(png));
    let areaLine = 0;
    let urgent = 0;
    for (let i = 0; i < img.data.length; i += 4) {
      if (near([img.data[i]!, img.data[i + 1]!, img.data[i + 2]!], SNAPSHOT_COLORS.areaLine, 4)) areaLine++;
      if (near([img.data[i]!, img.data[i + 1]!, img.data[i + 2]!], PRIORITY_STYLE.urgent.color, 4)) urgent++;
    }
    expect(areaLine).toBeGreaterThan(200);
    expect(urgent).toBeGreaterThan(100);
  }, 120_000);

  it('says so when the city has no base map', () => {
    const at = demoData().start + 10 * 3600_000;
    const png = renderMapPng(demoSnapshotInput(at, { city: { ...aarhusCity(), name: 'Elsewhere' }, width: 800, height: 500 }));
    mkdirSync(OUT, { recursive: true });
    writeFileSync(join(OUT, 'no-basemap-snapshot.png'), png);
    expect(decodePng(Buffer.from(png)).width).toBe(800);
  });
});
