/**
 * Clustering of overlapping point symbols: counts, the worst state kept and drawn on top, breaking apart on zooming in,
 * picking data (bounds), and a property check that every point is drawn exactly once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sensor } from '../../../electron/shared/model';
import { clusterPointData, clusterLayers, isClusterDatum } from '../../../renderer/map/cluster/clusterLayers';
import { clusterPoints, worldPx } from '../../../renderer/map/cluster/cluster';
import { RANK, stateRank } from '../../../renderer/map/cluster/rank';
import { pickedSensorId } from '../../../renderer/map/layers';
import { pointData } from '../../../renderer/map/layers/point';
import { input, SHIPPED_REGISTRY, stateOf, T0 } from '../fixtures';

const carPark = (id: string, lng: number, lat: number): Sensor => ({ id, kind: 'car-park', name: `Car park ${id}`, geometry: { type: 'Point', coordinates: [lng, lat] }, expectedIntervalS: 1800, attributes: {} });
const CAR_PARK = SHIPPED_REGISTRY.get('car-park')!;

/** Eight car parks in the centre of Aarhus (about 100 m apart), one over capacity, one full, one stale, one never heard from. */
function centre() {
  const sensors = Array.from({ length: 8 }, (_, i) => carPark(`p${i}`, 10.2 + (i % 4) * 0.0015, 56.155 + Math.floor(i / 4) * 0.001));
  const states = [
    stateOf('p0', T0, { vehicleCount: 20, totalSpaces: 100 }),
    stateOf('p1', T0, { vehicleCount: 130, totalSpaces: 65 }, ['over-capacity']),
    stateOf('p2', T0, { vehicleCount: 98, totalSpaces: 100 }),
    stateOf('p3', T0 - 6 * 3600_000, { vehicleCount: 10, totalSpaces: 100 }),
    stateOf('p4', T0, { vehicleCount: 50, totalSpaces: 100 }),
    stateOf('p5', T0, { vehicleCount: 80, totalSpaces: 100 }),
    stateOf('p6', T0, { vehicleCount: 5, totalSpaces: 100 }),
  ]; // p7: never heard from
  return pointData(input(sensors, states), CAR_PARK);
}

describe('state rank (interim, from the sensor look)', () => {
  it('orders over capacity > full > filling > free > stale > never', () => {
    const byId = new Map(centre().map((d) => [d.id, stateRank(d)]));
    expect(byId.get('p1')).toBeGreaterThanOrEqual(RANK.flagged);
    expect(byId.get('p2')!).toBeGreaterThan(byId.get('p5')!);
    expect(byId.get('p5')!).toBeGreaterThan(byId.get('p0')!);
    expect(byId.get('p0')!).toBeGreaterThan(byId.get('p3')!);
    expect(byId.get('p3')!).toBeGreaterThan(byId.get('p7')!);
    expect(byId.get('p7')).toBe(RANK.never);
  });
});

describe('clustering', () => {
  it('at city zoom the centre is one cluster of 8, shown in the over-capacity car park colour, at its place, with its ring', () => {
    const data = centre();
    const { singles, clusters } = clusterPointData(data, 12);
    expect(singles).toEqual([]);
    expect(clusters).toHaveLength(1);
    const c = clusters[0]!;
    expect(c.count).toBe(8);
    expect(c.worstId).toBe('p1');
    const p1 = data.find((d) => d.id === 'p1')!;
    expect(c.color).toEqual(p1.color);
    expect(c.position).toEqual(p1.position);
    expect(c.flagged).toBe(true);
    expect(c.memberIds[0]).toBe('p1');
    expect(new Set(c.memberIds)).toEqual(new Set(data.map((d) => d.id)));
    // The flag ring is drawn for it; the count is its text.
    const layers = clusterLayers(clusters, 1);
    expect(layers.map((l) => l.id)).toEqual(['clusters', 'clusters-flags', 'clusters-count']);
    expect((layers[1]!.props as { data: unknown[] }).data).toHaveLength(1);
    // Picking a cluster is not picking a sensor; it carries the bounds to zoom to.
    expect(isClusterDatum(c)).toBe(true);
    expect(pickedSensorId(c)).toBeNull();
    const lngs = data.map((d) => d.position[0]);
    expect(c.bounds[0]).toBe(Math.min(...lngs));
    expect(c.bounds[2]).toBe(Math.max(...lngs));
  });

  it('breaks apart as the map zooms in, and every point stays drawn once', () => {
    const data = centre();
    const counts = [12, 14, 15, 16, 17].map((z) => {
      const { singles, clusters } = clusterPointData(data, z);
      expect(singles.length + clusters.reduce((n, c) => n + c.count, 0)).toBe(8);
      return clusters.length + singles.length;
    });
    expect(counts[0]).toBe(1);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeGreaterThanOrEqual(counts[i - 1]!);
    expect(counts[counts.length - 1]).toBe(8);
  });

  it('draws the worst on top: singles best first, so the over-capacity car park comes last', () => {
    const data = centre();
    const { singles } = clusterPointData(data, 18);
    expect(singles.at(-1)!.id).toBe('p1');
    expect(singles[0]!.id).toBe('p7');
    // With no zoom (no clustering) the same order.
    expect(clusterPointData(data, null).singles.at(-1)!.id).toBe('p1');
  });

  it('clusters across types: an air-quality point over the over-capacity car park joins its cluster, which shows the car park', () => {
    const parks = centre();
    const AIR = SHIPPED_REGISTRY.get('citypulse-air-index')!;
    const air: Sensor = { id: 'air:1', kind: AIR.id, name: 'Air 1', geometry: { type: 'Point', coordinates: parks.find((d) => d.id === 'p1')!.position }, expectedIntervalS: 300, attributes: {} };
    const airData = pointData(input([air], [stateOf('air:1', T0, { ozone: 250, particulateMatter: 10, carbonMonoxide: 10, sulfurDioxide: 10, nitrogenDioxide: 10 })]), AIR);
    expect(airData[0]!.band?.label).toMatch(/Very unhealthy/); // the air point's own worst band
    const { clusters } = clusterPointData([...parks, ...airData], 12);
    expect(clusters).toHaveLength(1);
    expect(clusters[0]!.count).toBe(9);
    expect(clusters[0]!.worstId).toBe('p1');
    expect(clusters[0]!.typeIds.sort()).toEqual(['car-park', 'citypulse-air-index']);
  });

  it('clusters of a same spread: the worst cluster is drawn last; two far-apart groups stay apart', () => {
    const pts = [
      { id: 'a1', position: [10, 56] as [number, number], r: 1 },
      { id: 'a2', position: [10.0001, 56] as [number, number], r: 2 },
      { id: 'b1', position: [10.5, 56] as [number, number], r: 5 },
      { id: 'b2', position: [10.5001, 56] as [number, number], r: 0 },
    ];
    const { clusters, singles } = clusterPoints(pts, 12, 28, (d) => d.r);
    expect(singles).toEqual([]);
    expect(clusters.map((c) => c.worst.id)).toEqual(['a2', 'b1']);
    expect(clusters.map((c) => c.members.length)).toEqual([2, 2]);
  });

  it('rejects a radius that is not positive', () => {
    expect(() => clusterPoints([], 12, 0, () => 0)).toThrow(/radius/);
  });

  it('property: members within the radius of their worst, the worst ranks highest, nothing lost or doubled', () => {
    const point = fc.record({ lng: fc.double({ min: 10, max: 10.3, noNaN: true }), lat: fc.double({ min: 56, max: 56.3, noNaN: true }), r: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 200 }), fc.double({ min: 8, max: 16, noNaN: true }), (raw, zoom) => {
        const pts = raw.map((p, i) => ({ id: `s${i}`, position: [p.lng, p.lat] as [number, number], r: p.r }));
        const { singles, clusters } = clusterPoints(pts, zoom, 28, (d) => d.r);
        const seen = [...singles.map((s) => s.id), ...clusters.flatMap((c) => c.members.map((m) => m.id))];
        expect(seen.sort()).toEqual(pts.map((p) => p.id).sort());
        for (const c of clusters) {
          const [wx, wy] = worldPx(c.worst.position, zoom);
          for (const m of c.members) {
            expect(m.r).toBeLessThanOrEqual(c.worst.r);
            const [x, y] = worldPx(m.position, zoom);
            expect(Math.hypot(x - wx, y - wy)).toBeLessThanOrEqual(28 + 1e-9);
          }
        }
      }),
      { numRuns: 60 },
    );
  });
});
