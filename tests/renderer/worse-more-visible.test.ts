/**
 * Worse is more visible, never less (issue 12 item 3): for every sensor type the desk knows (shipped and defined only
 * as JSON), in both palettes, one sensor is put through every state its type can show (each colour band, not
 * computable, never heard from, stale, cannot be judged) and drawn by its geometry's layer builder. Ordered by rank
 * from normal up, no encoding shrinks or fades: line width, point radius, outline width and the opacity of the most
 * opaque mark never fall as the state worsens, and no abnormal state is fainter than a normal one. Never heard from has
 * no value to rank (nor to size a symbol by): it is drawn hollow, opaque, and never larger than an abnormal state.
 */
import { describe, expect, it } from 'vitest';
import type { Sensor, SensorGeometry, SensorState } from '../../electron/shared/model';
import { PALETTE_IDS, type PaletteId } from '../../electron/shared/palette/palettes';
import { inputCheckIds, headlineInputs } from '../../electron/shared/sensor-style';
import type { SensorType } from '../../electron/shared/sensor-types/types';
import { areaData } from '../../renderer/map/layers/area';
import { lineData } from '../../renderer/map/layers/line';
import { movingPointData } from '../../renderer/map/layers/movingPoint';
import { pointData } from '../../renderer/map/layers/point';
import { input, T0 } from './fixtures';
import { sensorOf, TEST_REGISTRY } from './typeFixtures';

const TYPES = TEST_REGISTRY.all();

const GEOMETRY: Record<SensorType['geometry'], SensorGeometry> = {
  point: { type: 'Point', coordinates: [10.2, 56.15] },
  'moving-point': { type: 'Point', coordinates: [10.2, 56.15] },
  line: { type: 'LineString', coordinates: [[10.1, 56.1], [10.2, 56.15]] },
  area: { type: 'Polygon', coordinates: [[[10.1, 56.1], [10.2, 56.1], [10.2, 56.2], [10.1, 56.1]]] },
};

/** A value inside each band: its upper bound, or just above the previous one for the open band. */
function bandValues(type: SensorType): number[] {
  return type.style.bands.map((b, i) => (b.upTo !== null ? b.upTo : i > 0 ? type.style.bands[i - 1]!.upTo! + 0.5 : 1));
}

/** A valid number for a raw metric (inside its range). */
function validValue(type: SensorType, id: string): number {
  const def = type.metrics.find((m) => m.id === id);
  const lo = def?.min ?? 0;
  const hi = def?.max ?? lo + 10;
  return Math.min(hi, Math.max(lo, 1));
}

interface Drawn {
  label: string;
  rank: number;
  key: string;
  size: number;
  outline: number;
  /** The opacity of its most opaque mark (fill, outline, rails). */
  alpha: number;
  fillAlpha: number;
}

/** One sensor of the type in each state, drawn by its geometry's builder in the palette. */
function drawnStates(type: SensorType, palette: PaletteId): Drawn[] {
  const size = type.style.size;
  const sizeMetric = 'pixels' in size ? null : size.metric;
  const sizeValue = 'pixels' in size ? null : (size.domain[0] + size.domain[1]) / 2;
  const base = (): Record<string, number | null> => {
    const v: Record<string, number | null> = {};
    for (const id of headlineInputs(type)) v[id] = validValue(type, id);
    if (sizeMetric) v[sizeMetric] = sizeValue;
    return v;
  };
  const headline = type.style.headline;
  const state = (id: string, ts: number, values: Record<string, number | null>, derived: Record<string, number | null>, flags: string[] = []): SensorState => ({
    sensorId: id,
    last: { sensorId: id, ts, values },
    derived,
    flags,
    count: 1,
  });
  const sensors: Sensor[] = [];
  const states: SensorState[] = [];
  const labels = new Map<string, string>();
  const add = (label: string, st: ((id: string) => SensorState) | null): void => {
    const id = `${type.id}:${sensors.length}`;
    sensors.push(sensorOf(type, id, GEOMETRY[type.geometry]));
    labels.set(id, label);
    if (st) states.push(st(id));
  };
  bandValues(type).forEach((v, i) => add(`band ${type.style.bands[i]!.label}`, (id) => state(id, T0, { ...base(), [headline]: v }, { [headline]: v })));
  add('not computable', (id) => state(id, T0, base(), { [headline]: null }));
  add('never heard from', null);
  add('stale', (id) => state(id, T0 - 30 * 86_400_000, { ...base(), [headline]: bandValues(type)[0]! }, { [headline]: bandValues(type)[0]! }));
  const input0 = headlineInputs(type)[0];
  if (input0) add('cannot be judged', (id) => state(id, T0, { ...base(), [input0]: -1e9 }, { [headline]: bandValues(type)[0]! }, [...inputCheckIds(type)].slice(0, 1)));
  const inp = { ...input(sensors, states, T0, 1, TEST_REGISTRY), palette };
  const marks: Drawn[] = [];
  if (type.geometry === 'line') {
    for (const d of lineData(inp, type)) {
      marks.push({ label: labels.get(d.id)!, rank: d.stateClass.rank, key: d.stateClass.key, size: d.size, outline: d.size, alpha: d.hollow ? d.railColor![3] : d.coreColor[3], fillAlpha: d.coreColor[3] });
    }
  } else if (type.geometry === 'area') {
    for (const d of areaData(inp, type)) {
      marks.push({ label: labels.get(d.id)!, rank: d.stateClass.rank, key: d.stateClass.key, size: d.lineWidth, outline: d.lineWidth, alpha: Math.max(d.fillColor[3], d.lineColor[3]), fillAlpha: d.fillColor[3] });
    }
  } else {
    const data = type.geometry === 'point' ? pointData(inp, type) : movingPointData(inp, type);
    for (const d of data) {
      marks.push({ label: labels.get(d.id)!, rank: d.stateClass.rank, key: d.stateClass.key, size: d.size, outline: d.lineWidth, alpha: Math.max(d.fillColor[3], d.lineColor[3]), fillAlpha: d.fillColor[3] });
    }
  }
  return marks.sort((a, b) => a.rank - b.rank);
}

describe('worse is more visible, never less', () => {
  for (const palette of PALETTE_IDS) {
    for (const type of TYPES) {
      it(`${type.id} (${type.geometry}), ${palette}: size, outline and opacity never fall as the state worsens`, () => {
        const drawn = drawnStates(type, palette);
        // Every band, not computable, never heard from and stale were drawn (and cannot be judged when the type can).
        expect(drawn.length).toBeGreaterThanOrEqual(type.style.bands.length + 3);
        expect(new Set(drawn.map((d) => d.key))).toContain('stale');
        const problems: string[] = [];
        const ranked = drawn.filter((d) => d.key !== 'never');
        for (let i = 1; i < ranked.length; i++) {
          const a = ranked[i - 1]!;
          const b = ranked[i]!;
          if (b.rank === a.rank) continue;
          if (b.size < a.size) problems.push(`${b.label} is smaller than ${a.label}: ${b.size} < ${a.size}`);
          if (b.outline < a.outline) problems.push(`${b.label} has a lighter outline than ${a.label}: ${b.outline} < ${a.outline}`);
          if (b.alpha < a.alpha) problems.push(`${b.label} is fainter than ${a.label}: ${b.alpha} < ${a.alpha}`);
        }
        const never = drawn.find((d) => d.key === 'never')!;
        expect(never.alpha).toBe(255);
        expect(never.size).toBeGreaterThan(0);
        for (const d of drawn.filter((x) => x.key === 'abnormal')) if (d.size < never.size) problems.push(`${d.label} is smaller than never heard from`);
        const normals = drawn.filter((d) => d.key === 'normal');
        for (const d of drawn.filter((x) => x.key === 'abnormal')) {
          for (const n of normals) if (d.fillAlpha < n.fillAlpha) problems.push(`${d.label} is filled fainter than normal ${n.label}`);
        }
        expect(problems).toEqual([]);
      });
    }
  }

  it('the bands of each type are drawn in rank order of their severity (no band ranks below a better one)', () => {
    for (const type of TYPES) {
      const bands = drawnStates(type, 'hmi').filter((d) => d.label.startsWith('band '));
      expect(bands.length, type.id).toBe(type.style.bands.length);
    }
  });

  it('a jam with no vehicle counted is wider than free flow with many (the issue as reported)', () => {
    const traffic = TEST_REGISTRY.get('traffic')!;
    const segment = sensorOf(traffic, 'traffic:jam', GEOMETRY.line, { normalSpeedKmh: 50 });
    const free = sensorOf(traffic, 'traffic:free', GEOMETRY.line, { normalSpeedKmh: 50 });
    const st = (id: string, avgSpeedKmh: number, vehicleCount: number): SensorState => ({ sensorId: id, last: { sensorId: id, ts: T0, values: { avgSpeedKmh, vehicleCount } }, derived: {}, flags: vehicleCount === 0 ? ['zero-vehicles'] : [], count: 1 });
    const data = lineData(input([segment, free], [st('traffic:jam', 10, 0), st('traffic:free', 48, 30)], T0, 1, TEST_REGISTRY), traffic);
    const jam = data.find((d) => d.id === 'traffic:jam')!;
    const flowing = data.find((d) => d.id === 'traffic:free')!;
    expect(jam.band?.label).toMatch(/Congested/);
    expect(flowing.band?.label).toMatch(/Free flow/);
    expect(jam.size).toBeGreaterThan(flowing.size);
    expect(data.at(-1)?.id).toBe('traffic:jam'); // drawn on top
  });
});
