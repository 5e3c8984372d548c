/**
 * Selecting sensors on the map without a mouse, as pure functions (no store, no DOM): the sensors the keys walk (those
 * of the layers shown, a moving sensor at its reported place), the next / previous one (by type, then name), the
 * nearest one in a compass direction from the selected one, and the sentence the live region announces. Wired by
 * MapKeyboard.tsx; tested in tests/renderer/map-keys.test.ts.
 */
import type { LngLat, Sensor, SensorState } from '../../electron/shared/model';
import { anchorOf, reportedPosition } from '../map/layers/geometry';
import { t } from '../i18n/i18n';

export type Direction = 'north' | 'south' | 'west' | 'east';

export interface SensorPoint {
  id: string;
  name: string;
  /** The type's label, for the order and the announcement ("Car parks"). */
  typeLabel: string;
  position: LngLat;
}

/**
 * The sensors the keys walk, in their order: by type label, then name, then id (stable as readings come in). Sensors
 * of a hidden layer are skipped (they are not on the map to be seen).
 */
export function walkableSensors(
  catalogue: ReadonlyMap<string, Sensor>,
  states: ReadonlyMap<string, SensorState>,
  isShown: (typeId: string) => boolean,
  typeLabel: (typeId: string) => string,
): SensorPoint[] {
  const out: SensorPoint[] = [];
  for (const s of catalogue.values()) {
    if (!isShown(s.kind)) continue;
    const position = reportedPosition(states.get(s.id)) ?? anchorOf(s);
    if (!Number.isFinite(position[0]) || !Number.isFinite(position[1])) continue;
    out.push({ id: s.id, name: s.name || s.id, typeLabel: typeLabel(s.kind), position });
  }
  return out.sort((a, b) => cmp(a.typeLabel, b.typeLabel) || cmp(a.name, b.name) || cmp(a.id, b.id));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The sensor `dir` steps from `current` (wrapping round the ends); from nothing, the first (or last). Null when none. */
export function stepSensor(points: readonly SensorPoint[], current: string | null, dir: 1 | -1): SensorPoint | null {
  if (points.length === 0) return null;
  const i = current === null ? -1 : points.findIndex((p) => p.id === current);
  if (i < 0) return dir === 1 ? points[0]! : points[points.length - 1]!;
  return points[(i + dir + points.length) % points.length]!;
}

/** Offsets in metres east (x) and north (y) from `from` (an equirectangular projection: fine within a city). */
function offset(from: LngLat, to: LngLat): { x: number; y: number } {
  const M_PER_DEG = 111_320;
  return { x: (to[0] - from[0]) * M_PER_DEG * Math.cos((from[1] * Math.PI) / 180), y: (to[1] - from[1]) * M_PER_DEG };
}

/**
 * The nearest sensor in a direction from `current`: among those within 60° either side of it, the one with the least
 * distance along it plus twice the distance across it (a sensor straight ahead wins over a nearer one off to the side).
 * Null when nothing lies that way (or `current` is not among the points).
 */
export function nearestInDirection(points: readonly SensorPoint[], current: string, dir: Direction): SensorPoint | null {
  const from = points.find((p) => p.id === current);
  if (!from) return null;
  let best: SensorPoint | null = null;
  let bestScore = Infinity;
  for (const p of points) {
    if (p.id === current) continue;
    const { x, y } = offset(from.position, p.position);
    const along = dir === 'north' ? y : dir === 'south' ? -y : dir === 'east' ? x : -x;
    const across = Math.abs(dir === 'north' || dir === 'south' ? x : y);
    if (along <= 0 || across > along * Math.tan(Math.PI / 3)) continue;
    const score = along + 2 * across;
    if (score < bestScore || (score === bestScore && best !== null && p.id < best.id)) {
      best = p;
      bestScore = score;
    }
  }
  return best;
}

/** What the live region says when a sensor is selected by key: "Car parks: Bruuns Galleri, 97 % · Full. 3 of 8 shown." */
export function selectionSentence(p: SensorPoint, headline: string | null, points: readonly SensorPoint[]): string {
  const i = points.findIndex((x) => x.id === p.id);
  const where = i >= 0 ? t('keys.selectionWhere', { n: i + 1, total: points.length }) : '';
  return headline ? t('keys.selectionHeadline', { type: p.typeLabel, name: p.name, headline, where }) : t('keys.selection', { type: p.typeLabel, name: p.name, where });
}

/** What it says when a direction key finds nothing. */
export function nothingThatWay(dir: Direction): string {
  return t(`keys.nothing_${dir}`);
}
