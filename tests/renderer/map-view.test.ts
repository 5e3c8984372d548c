/**
 * The map opens on the feed's city, wherever it is: its home box, else the extent of its sensors, else the world.
 * Checked for Aberdeen (far from the demo city), with the camera computed for a real viewport and projected back.
 */
import { describe, expect, it } from 'vitest';
import type { Sensor } from '../../electron/shared/model';
import { cameraForBbox, catalogueBbox, homeBbox, isValidBbox, WORLD_VIEW, HOME_MAX_ZOOM, type Bbox } from '../../renderer/map/view';
import { isHomeKey } from '../../renderer/map/home';
import { parkingSensor, trafficSensor } from './fixtures';

const ABERDEEN: Bbox = [-2.35, 56.95, -1.8, 57.52];
const VIEWPORT = { width: 1100, height: 640 };

/** Web Mercator, MapLibre's 512 px world at zoom 0: where a point lands in the viewport for a camera. */
function project([lng, lat]: [number, number], camera: { center: [number, number]; zoom: number }): [number, number] {
  const world = 512 * 2 ** camera.zoom;
  const mx = (x: number) => ((x + 180) / 360) * world;
  const my = (y: number) => ((1 - Math.log(Math.tan((y * Math.PI) / 180) + 1 / Math.cos((y * Math.PI) / 180)) / Math.PI) / 2) * world;
  return [VIEWPORT.width / 2 + mx(lng) - mx(camera.center[0]), VIEWPORT.height / 2 + my(lat) - my(camera.center[1])];
}

const point = (id: string, lng: number, lat: number): Sensor => ({ id, kind: 'air-quality', name: id, geometry: { type: 'Point', coordinates: [lng, lat] }, expectedIntervalS: 3600, attributes: {} });

describe('home view', () => {
  it('fits the Aberdeen box in the viewport: every corner inside, with the padding, and the box fills one side', () => {
    const camera = cameraForBbox(ABERDEEN, VIEWPORT, 40);
    expect(camera.center[0]).toBeCloseTo(-2.075, 3);
    expect(camera.center[1]).toBeGreaterThan(56.95);
    expect(camera.center[1]).toBeLessThan(57.52);
    const [x0, y0] = project([ABERDEEN[0], ABERDEEN[3]], camera); // north-west
    const [x1, y1] = project([ABERDEEN[2], ABERDEEN[1]], camera); // south-east
    for (const [x, y] of [[x0, y0], [x1, y1]] as const) {
      expect(x).toBeGreaterThanOrEqual(40 - 0.01);
      expect(x).toBeLessThanOrEqual(VIEWPORT.width - 40 + 0.01);
      expect(y).toBeGreaterThanOrEqual(40 - 0.01);
      expect(y).toBeLessThanOrEqual(VIEWPORT.height - 40 + 0.01);
    }
    // Tall box: it spans the height between the paddings.
    expect(y1 - y0).toBeCloseTo(VIEWPORT.height - 80, 0);
    expect(camera.zoom).toBeGreaterThan(8);
    expect(camera.zoom).toBeLessThan(11);
    // The demo city (Aarhus, 10.2 E 56.15 N) is far off screen.
    const [ax] = project([10.2, 56.15], camera);
    expect(ax).toBeGreaterThan(VIEWPORT.width * 5);
  });

  it('takes the feed home box first, then the city extent, then the sensors, else nothing (the world)', () => {
    const sensors = [point('a', -2.2, 57.1), point('b', -2.0, 57.2)];
    expect(homeBbox({ home: ABERDEEN, extent: [-3, 56, -1, 58] }, sensors)).toEqual(ABERDEEN);
    expect(homeBbox({ home: null, extent: ABERDEEN }, sensors)).toEqual(ABERDEEN);
    expect(homeBbox({ home: null, extent: null }, sensors)).toEqual([-2.2, 57.1, -2.0, 57.2]);
    expect(homeBbox(null, sensors)).toEqual([-2.2, 57.1, -2.0, 57.2]);
    expect(homeBbox({ extent: [10, 60, 5, 50] }, [])).toBeNull(); // an invalid box is not used
    expect(WORLD_VIEW.zoom).toBeLessThan(3);
  });

  it('the sensors box covers lines and areas and ignores impossible coordinates', () => {
    const area: Sensor = { ...point('p', 0, 0), geometry: { type: 'Polygon', coordinates: [[[1, 1], [3, 1], [3, 4], [1, 1]]] } };
    expect(catalogueBbox([trafficSensor('1'), parkingSensor('P')])).toEqual([10.1, 56.1, 10.2, 56.15]);
    expect(catalogueBbox([area, point('bad', 500, 10)])).toEqual([1, 1, 3, 4]);
    expect(catalogueBbox([])).toBeNull();
    expect(isValidBbox([-2.35, 56.95, -1.8, 57.52])).toBe(true);
    expect(isValidBbox([0, 0, 0])).toBe(false);
  });

  it('a single sensor is shown close, not at an infinite zoom', () => {
    const camera = cameraForBbox([-2.1, 57.15, -2.1, 57.15], VIEWPORT);
    expect(camera).toEqual({ center: [-2.1, expect.closeTo(57.15, 6) as unknown as number], zoom: HOME_MAX_ZOOM });
  });
});

describe('home key', () => {
  const key = (over: Partial<Parameters<typeof isHomeKey>[0]>) => ({ key: 'h', ctrlKey: false, metaKey: false, altKey: false, target: null, ...over });
  it('H and the Home key return home, not with a modifier held', () => {
    expect(isHomeKey(key({}))).toBe(true);
    expect(isHomeKey(key({ key: 'Home' }))).toBe(true);
    expect(isHomeKey(key({ key: 'H' }))).toBe(true);
    expect(isHomeKey(key({ key: 'Home', ctrlKey: true }))).toBe(false);
    expect(isHomeKey(key({ key: 'j' }))).toBe(false);
  });
});
