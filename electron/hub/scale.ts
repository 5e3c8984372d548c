/**
 * Scale mode (issue 13): a replayed city multiplied K times, so that tens of thousands of sensors stream from real data.
 * `--scale K` on `npm run feed`, `npm run hub` and `npm run web`; K = 1 (the default) is the city as it is.
 *
 * - Copy 0 is the real city, unchanged (ids, names, positions, times). Copies 1 … K-1 are derived from it.
 * - Ids: the real id with `#k` (`traffic:158324#7`): unique as long as no real id already ends in `#<digits>` (the
 *   demo's and the shipped cities' do not; should one clash, the catalogue keeps the first and the clash is counted)
 *   and stable (the same K and data give the same ids, run after run, so a desk's cache of a scaled feed still
 *   matches). Names end with ` (copy k)`, so a copy is never mistaken for a real sensor.
 * - Positions: a grid of tiles the size of the real city's extent (plus a 10 % margin), laid in a square spiral around
 *   the real city (copy 1 east of it, then around it ring by ring). Chosen over a random jitter: copies never overlap
 *   each other or the real city (a jitter of the city's size piles copies on one another, the "carpet" the issue
 *   wants gone), each copy keeps the real city's street layout (clusters, corridors, gaps, so aggregation and level of
 *   detail are tested on a realistic pattern), the real city stays where its base map is, and K copies always form a
 *   compact block (about sqrt(K) tiles a side) whatever K is.
 * - Times: copy k plays the real series delayed by `copyDelayMs(k)`, a whole number of seconds in [0, 2 h), spread by
 *   the golden-ratio sequence (deterministic, evenly spread for any K). So copies never move in lockstep: at any
 *   instant copies show different minutes of the real data, rush hour rolls across them within two hours instead of
 *   every copy at once, their alarms do not fire together, and their readings fall in different ticks of the feed.
 *   Two hours keeps every copy's day realistic (rush hour still near rush hour).
 * - Values are the real readings' own value objects (shared, never copied or cleaned): gaps (readings the data lacks)
 *   stay gaps in every copy, zeros, nulls and impossible values stay as they are.
 * - Memory: no copy's series is ever materialised. A copy is a cursor (`Replay`) over the one real recording; its
 *   readings are made on the fly as they fall due. What grows with K is the catalogue (K x the sensors) and K cursors.
 */
import type { Bbox } from '../shared/geojson-bbox';
import type { LngLat, Reading, Sensor, SensorGeometry } from '../shared/model';
import type { SensorDraft } from './mapping';
import { Replay, type Recording } from './replay';

/** Most copies a scale may make (with the demo's 517 sensors, 10,000 copies are 5 million sensors: far beyond any cap). */
export const MAX_SCALE = 10_000;

/** Checks a --scale value: a whole number from 1 to MAX_SCALE. Returns the error text, or null when it is fine. */
export function scaleProblem(k: unknown): string | null {
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > MAX_SCALE) {
    return `--scale must be a whole number from 1 to ${MAX_SCALE.toLocaleString('en-US')} (how many times the real sensors are multiplied; 1 = as they are), got ${typeof k === 'number' ? String(k) : JSON.stringify(k)}`;
  }
  return null;
}

/** The id of copy k of a sensor (copy 0 is the sensor itself). */
export function copyId(id: string, k: number): string {
  return k === 0 ? id : `${id}#${k}`;
}

/** The name of copy k of a sensor. */
export function copyName(name: string, k: number): string {
  return k === 0 ? name : `${name} (copy ${k})`;
}

const SPREAD_S = 2 * 3600;
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** How far copy k's series lags the real one (ms): 0 for copy 0, else a whole number of seconds in [0, 2 h). */
export function copyDelayMs(k: number): number {
  if (k === 0) return 0;
  const frac = (k * GOLDEN) % 1;
  return Math.floor(frac * SPREAD_S) * 1000;
}

/** The tile of copy k on a square spiral around the real city's tile (0, 0): [column, row] (east, north). */
export function copyTile(k: number): [number, number] {
  if (k === 0) return [0, 0];
  const r = Math.ceil((Math.sqrt(k + 1) - 1) / 2); // ring: (2r-1)^2 <= k < (2r+1)^2
  const p = k - (2 * r - 1) ** 2;
  const side = Math.floor(p / (2 * r));
  const t = p % (2 * r);
  switch (side) {
    case 0:
      return [r, -r + 1 + t]; // east column, northwards
    case 1:
      return [r - 1 - t, r]; // north row, westwards
    case 2:
      return [-r, r - 1 - t]; // west column, southwards
    default:
      return [-r + 1 + t, -r]; // south row, eastwards
  }
}

/** The tile size (degrees of longitude, latitude) for a city whose sensors span `extent`: the extent plus 10 %. */
export function tileSize(extent: Bbox | null): [number, number] {
  const [w, s, e, n] = extent ?? [0, 0, 0, 0];
  // A city of one sensor (or none) still gets tiles a few hundred metres apart.
  return [Math.max(e - w, 0.005) * 1.1, Math.max(n - s, 0.005) * 1.1];
}

/** Degrees to add to copy k's positions: [dLng, dLat]. */
export function copyOffset(k: number, tile: readonly [number, number]): [number, number] {
  const [col, row] = copyTile(k);
  return [col * tile[0], row * tile[1]];
}

const round = (v: number) => Math.round(v * 1e7) / 1e7; // about 1 cm: no float noise in the catalogue
const move = ([lng, lat]: LngLat, [dx, dy]: readonly [number, number]): LngLat => [round(lng + dx), round(Math.max(-89.9, Math.min(89.9, lat + dy)))];

/** A position moved by an offset (a moving point's reading in a copy). */
export function offsetPosition(p: LngLat, d: readonly [number, number]): LngLat {
  return d[0] === 0 && d[1] === 0 ? p : move(p, d);
}

export function offsetGeometry(g: SensorGeometry, d: readonly [number, number]): SensorGeometry {
  if (d[0] === 0 && d[1] === 0) return g;
  if (g.type === 'Point') return { type: 'Point', coordinates: move(g.coordinates, d) };
  if (g.type === 'LineString') return { type: 'LineString', coordinates: g.coordinates.map((c) => move(c, d)) };
  return { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map((c) => move(c, d))) };
}

/** Copy k of a sensor: its id and name marked, its geometry moved to its tile; type, interval and attributes kept. */
export function copySensor(s: Sensor, k: number, tile: readonly [number, number]): Sensor {
  if (k === 0) return s;
  return { ...s, id: copyId(s.id, k), name: copyName(s.name, k), geometry: offsetGeometry(s.geometry, copyOffset(k, tile)) };
}

/** Copy k of a mapped sensor (a file source's record, see hub.ts): id and name marked, position on its tile. */
export function copyDraft(d: SensorDraft, k: number, tile: readonly [number, number]): SensorDraft {
  return { ...d, id: copyId(d.id, k), name: copyName(d.name ?? d.rawId, k), geometry: d.geometry ? offsetGeometry(d.geometry, copyOffset(k, tile)) : null };
}

/** The real sensors and their K-1 copies, real ones first, then copy by copy (ids unique as long as the real ones are). */
export function scaleSensors(sensors: readonly Sensor[], scale: number, tile: readonly [number, number]): Sensor[] {
  const out: Sensor[] = [];
  for (let k = 0; k < scale; k++) for (const s of sensors) out.push(copySensor(s, k, tile));
  return out;
}

/**
 * K cursors over one recording: cursor k plays it delayed by copyDelayMs(k). `due` hands each due item with the shift
 * that places it on the feed clock (recorded time + shift = played time) and the copy it is for. The recording is never
 * copied: every cursor reads the same items array.
 */
export class ScaledReplay<T> {
  private readonly cursors: { replay: Replay<T>; extra: number }[] = [];

  constructor(
    readonly recording: Recording<T>,
    startFeedTime: number,
    looping: boolean,
    readonly scale: number,
  ) {
    for (let k = 0; k < scale; k++) {
      const delay = copyDelayMs(k);
      if (delay === 0) this.cursors.push({ replay: new Replay(recording, startFeedTime, looping), extra: 0 });
      else if (looping) {
        // The recording as if it had happened `delay` later, lined up with now like the real one (replay.ts).
        const timeOf = recording.timeOf;
        this.cursors.push({ replay: new Replay({ items: recording.items, timeOf: (i) => timeOf(i) + delay }, startFeedTime, true), extra: delay });
      } else {
        // Played once: copy k starts `delay` after the real one.
        this.cursors.push({ replay: new Replay(recording, startFeedTime + delay, false), extra: 0 });
      }
    }
  }

  get finished(): boolean {
    return this.cursors.every((c) => c.replay.finished);
  }

  /** Items with played time in (sent, upTo], copy by copy, each copy in time order; `from` re-positions first. */
  due(upTo: number, emit: (item: T, shift: number, copy: number) => void, from?: number): void {
    for (let k = 0; k < this.cursors.length; k++) {
      const { replay, extra } = this.cursors[k]!;
      replay.due(upTo, (item, shift) => emit(item, shift + extra, k), from);
    }
  }

  markSent(t: number): void {
    for (const c of this.cursors) c.replay.markSent(t);
  }
}

/** Readings of a scaled recording: copy k's reading of a real one, sharing its values object. */
export class CopyIds {
  private readonly ids = new Map<string, string[]>();

  constructor(
    private readonly scale: number,
    private readonly tile: readonly [number, number],
  ) {}

  /** The id of copy k of `id`, made once per (sensor, copy). */
  of(id: string, k: number): string {
    if (k === 0) return id;
    let row = this.ids.get(id);
    if (!row) {
      row = new Array<string>(this.scale);
      this.ids.set(id, row);
    }
    return (row[k] ??= copyId(id, k));
  }

  reading(r: Reading, shift: number, k: number): Reading {
    const out: Reading = { sensorId: this.of(r.sensorId, k), ts: r.ts + shift, values: r.values };
    if (r.position) out.position = move(r.position, copyOffset(k, this.tile)); // a moving point moves with its copy
    return out;
  }
}
