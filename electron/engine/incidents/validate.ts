/**
 * What a bookmark must satisfy beyond the API's schema (api.ts saveIncident): its district exists, its window lies in
 * what the cache holds, its linked alarms are stored, its snapshot instants lie in its window. Every problem found is
 * reported at once, each with its path, as an 'invalid-params' error (the same shape as a schema error). Pure.
 */
import { ApiError, type IncidentArea, type RpcIssue } from '../api';
import type { Zone } from '../rules/geo';
import type { LngLat } from '../../shared/model';
import { formatTime } from '../../shared/zone-time';

export type AreaParam = { kind: 'district'; name: string } | { kind: 'drawn'; polygon: LngLat[] } | null;

export interface BookmarkParams {
  from: number;
  to: number;
  area: AreaParam;
  alarmIds: readonly string[];
  instants?: readonly number[] | undefined;
}

/** The span the bookmark's window must lie in: what the cache holds, up to the feed clock now (a live incident). */
export interface WindowBounds {
  /** Oldest data held, or null for an empty cache. */
  from: number | null;
  /** Newest instant a window may reach: the feed clock now, or the newest data held. */
  to: number | null;
}

export interface CheckedBookmark {
  area: IncidentArea | null;
  /** The instants given, else the default: from, the first linked alarm's raise, to (sorted, once each). */
  instants: number[];
}

/** "4 Aug 2014 08:00 UTC": a bookmark's checks name times in UTC, the zone named (electron/shared/zone-time.ts). */
export function utcMinute(ms: number): string {
  return formatTime(ms, 'UTC', 'dateTime');
}

/** The district by name (exactly, else ignoring case), else by id. */
export function findDistrict(zones: readonly Zone[], name: string): Zone | null {
  const k = name.trim().toLowerCase();
  return zones.find((z) => z.name === name) ?? zones.find((z) => z.name.toLowerCase() === k) ?? zones.find((z) => z.id.toLowerCase() === k) ?? null;
}

function windowIssues(from: number, to: number, bounds: WindowBounds): RpcIssue[] {
  if (bounds.from === null || bounds.to === null) return [{ path: 'from', message: 'the cache holds no data yet: there is nothing to bookmark' }];
  const held = `the cache holds ${utcMinute(bounds.from)} to ${utcMinute(bounds.to)}`;
  const issues: RpcIssue[] = [];
  if (from < bounds.from) issues.push({ path: 'from', message: `starts before the cache's oldest data (${held})` });
  if (from > bounds.to) issues.push({ path: 'from', message: `starts after the newest data (${held})` });
  if (to > bounds.to) issues.push({ path: 'to', message: `ends after the newest data (${held})` });
  return issues;
}

/**
 * Checks a bookmark against the districts, the cache's span and the stored alarms (`storedAlarms`: which of its
 * alarm ids are stored, with their raise time). Throws ApiError('invalid-params') listing every problem.
 */
export function checkBookmark(p: BookmarkParams, ctx: { zones: readonly Zone[]; bounds: WindowBounds; storedAlarms: ReadonlyMap<string, { raisedAt: number }> }): CheckedBookmark {
  const issues: RpcIssue[] = [];
  let area: IncidentArea | null = null;
  if (p.area?.kind === 'district') {
    const zone = findDistrict(ctx.zones, p.area.name);
    if (zone) area = { kind: 'district', name: zone.name, polygons: zone.polygons.map((poly) => poly.map((ring) => ring.map(([a, b]) => [a, b] as LngLat))) };
    else
      issues.push({
        path: 'area.name',
        message: ctx.zones.length === 0 ? `no district named "${p.area.name}": this feed has no districts (draw the area on the map)` : `no district named "${p.area.name}"`,
      });
  } else if (p.area?.kind === 'drawn') {
    area = { kind: 'drawn', polygon: p.area.polygon.map(([a, b]) => [a, b] as LngLat) };
  }
  if (!(p.from < p.to)) issues.push({ path: 'to', message: 'the incident must end after it starts' });
  else issues.push(...windowIssues(p.from, p.to, ctx.bounds));
  const seen = new Set<string>();
  p.alarmIds.forEach((id, i) => {
    if (seen.has(id)) issues.push({ path: `alarmIds.${i}`, message: `alarm ${id} is linked twice` });
    else if (!ctx.storedAlarms.has(id)) issues.push({ path: `alarmIds.${i}`, message: `no alarm ${id} is stored in this cache` });
    seen.add(id);
  });
  (p.instants ?? []).forEach((t, i) => {
    if (t < p.from || t > p.to) issues.push({ path: `instants.${i}`, message: `${utcMinute(t)} is outside the incident's window` });
  });
  if (issues.length > 0) throw new ApiError('invalid-params', `the incident cannot be saved: ${issues.map((i) => `${i.path}: ${i.message}`).slice(0, 3).join('; ')}`, issues);
  return { area, instants: p.instants ? sortedOnce(p.instants) : defaultInstants(p, ctx.storedAlarms) };
}

/** From, the first linked alarm raised in the window, to. */
function defaultInstants(p: BookmarkParams, stored: ReadonlyMap<string, { raisedAt: number }>): number[] {
  const raises = p.alarmIds.map((id) => stored.get(id)?.raisedAt).filter((t): t is number => t !== undefined && t > p.from && t < p.to);
  return sortedOnce([p.from, ...(raises.length ? [Math.min(...raises)] : []), p.to]);
}

function sortedOnce(ts: readonly number[]): number[] {
  return [...new Set(ts)].sort((a, b) => a - b);
}
