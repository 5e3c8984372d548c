/**
 * Open alarms on the map (pure: alarms, shelves and the catalogue in, data and deck.gl layers out; no store, no WebGL).
 *
 * Every open alarm that is not shelved gets a priority symbol at its subject's place: a sensor (a line at its middle),
 * a district or a drawn area (its outline is drawn too, with the symbol at its centre), a group alarm at its district
 * or area, else at its first-out member. Alarms at one place share one symbol, drawn by the worst of them, with their
 * count. Colour is never the only cue:
 *   - shape and size by priority: urgent a triangle, high a diamond, medium a square, low a circle, larger when worse;
 *   - unacknowledged (active, or cleared and not yet acknowledged): a thick ring around the symbol;
 *   - the condition holds (active, acknowledged): filled; it has cleared (waiting for an acknowledgement): hollow.
 * A source outage has no place of its own (its sensors say "source down"): it is counted as unplaced, not drawn.
 * Resolved alarms and shelved ones (the alarm list's Shelved view) are not drawn. The symbols are drawn above every
 * sensor layer, worst last (on top).
 */
import type { Layer, PickingInfo } from '@deck.gl/core';
import { IconLayer, PathLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { Alarm, RuleSummary, Shelf, ZoneInfo } from '../../../electron/engine/api';
import { PRIORITY_STYLE } from '../../../electron/shared/alarm-colors';
import { compareByPriority, PRIORITY_RANK, type Priority } from '../../../electron/shared/alarm-priority';
import type { LngLat, Sensor, SensorState } from '../../../electron/shared/model';
import { t } from '../../i18n/i18n';
import type { SensorTypeRegistry } from '../../../electron/shared/sensor-types/registry';
import { alarmSubjectText, groupSensorIds, ruleName, shelfKey, priorityLabel } from '../../alarms/alarmList';
import type { RGBA } from '../colors';
import { closeRing, subjectTarget, targetCenter, zoneRings, type HighlightTarget } from './alerts';
import { anchorOf, pathOf, reportedPosition } from './geometry';
import { shapeAtlasBitmap, SHAPE_MAPPING, type Shape, type ShapeAtlasImage } from './shapes';

/** What the symbols are worked out from (the store's, or the replayed frame's alarms and shelves). */
export interface AlarmSymbolInput {
  alarms: ReadonlyMap<string, Alarm>;
  shelves: ReadonlyMap<string, Shelf>;
  catalogue: ReadonlyMap<string, Sensor>;
  states?: ReadonlyMap<string, SensorState>;
  zones: readonly ZoneInfo[];
  rules: ReadonlyMap<string, RuleSummary>;
}

/** Where an alarm is drawn. */
export interface AlarmPlaceOf {
  position: LngLat;
  /** Zone outlines (a district, a drawn area). */
  rings: LngLat[][];
  /** The sensor the alarm is about (a group's first-out), or null for a zone. */
  sensorId: string | null;
}

/** One symbol: the open alarms at one place. */
export interface AlarmPlace extends AlarmPlaceOf {
  key: string;
  /** Worst first (priority, then newest). */
  alarms: Alarm[];
  /** The worst alarm's priority: the symbol's shape, size and colour. */
  priority: Priority;
  count: number;
  /** Alarms here nobody has acknowledged (active, or cleared and waiting): the ring. */
  unacknowledged: number;
  /** Whether the condition of at least one alarm here still holds: filled, else hollow. */
  holding: boolean;
  /** Places drawn as this one symbol at the map's zoom (map/cluster/alarmPlaces.ts); absent: one place. */
  merged?: number;
}

export interface AlarmSymbolData {
  /** Best first drawn first: lowest priority, acknowledged before unacknowledged (the worst end up on top). */
  places: AlarmPlace[];
  /** Open alarms not drawn because they are shelved. */
  shelved: number;
  /** Open alarms with no place on the map (a source outage, a subject not in the catalogue). */
  unplaced: Alarm[];
}

/** Shape and symbol size (px, the icon's width) per priority: both grow with the priority. */
export const PRIORITY_SYMBOL: Record<Priority, { shape: Shape; size: number }> = {
  urgent: { shape: 'triangle', size: 34 },
  high: { shape: 'diamond', size: 30 },
  medium: { shape: 'square', size: 24 },
  low: { shape: 'circle', size: 22 },
};
/** The dark edge around symbols and outlines (the map's background), so that they read over any sensor colour. */
export const SYMBOL_EDGE: RGBA = [10, 14, 20, 255];
/** The unacknowledged ring: gap from the symbol's edge and width, px. */
export const UNACK_RING = { gapPx: 5, widthPx: 4 } as const;

/** The point halfway along a path (by length); its only point for a path of one. */
export function midpointOf(path: readonly LngLat[]): LngLat {
  if (path.length < 2) return path[0]!;
  const lengths = path.slice(1).map((p, i) => Math.hypot(p[0] - path[i]![0], p[1] - path[i]![1]));
  let left = lengths.reduce((a, b) => a + b, 0) / 2;
  for (let i = 0; i < lengths.length; i++) {
    const len = lengths[i]!;
    if (left <= len && len > 0) {
      const t = left / len;
      const a = path[i]!;
      const b = path[i + 1]!;
      return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t];
    }
    left -= len;
  }
  return path[path.length - 1]!;
}

function sensorPlace(id: string, ctx: Pick<AlarmSymbolInput, 'catalogue' | 'states'>): AlarmPlaceOf | null {
  const sensor = ctx.catalogue.get(id);
  if (!sensor) return null;
  const path = pathOf(sensor);
  const position = reportedPosition(ctx.states?.get(id)) ?? (path && path.length >= 2 ? midpointOf(path) : anchorOf(sensor));
  return { position, rings: [], sensorId: id };
}

function zonePlace(rings: LngLat[][], label: string): AlarmPlaceOf | null {
  const center = targetCenter({ sensors: [], rings, label });
  return center ? { position: center, rings, sensorId: null } : null;
}

function targetPlace(t: HighlightTarget, ctx: Pick<AlarmSymbolInput, 'catalogue' | 'states'>): AlarmPlaceOf | null {
  if (t.rings.length) return zonePlace(t.rings, t.label);
  if (t.sensors.length === 1) return sensorPlace(t.sensors[0]!.id, ctx);
  const center = targetCenter(t);
  return center ? { position: center, rings: [], sensorId: null } : null;
}

/**
 * Where an alarm is drawn, or null when it has no place: a group alarm at its district or drawn area (with the zone's
 * outline) or else at its first-out member; a zone subject at the zone; a sensor at the sensor. A source outage has
 * none.
 */
export function alarmPlaceOf(alarm: Pick<Alarm, 'ruleId' | 'subject' | 'group'>, ctx: Omit<AlarmSymbolInput, 'alarms' | 'shelves'>): AlarmPlaceOf | null {
  const g = alarm.group;
  if (g) {
    if (g.kind === 'outage') return null;
    if (alarm.subject.startsWith('group:district:')) {
      const id = alarm.subject.slice('group:district:'.length);
      const zone = ctx.zones.find((z) => z.id === id);
      const place = zone ? zonePlace(zoneRings(zone), zone.name) : null;
      if (place) return { ...place, sensorId: g.firstOut };
    }
    if (alarm.subject.startsWith('group:area:')) {
      const name = alarm.subject.slice('group:area:'.length);
      const grouping = ctx.rules.get(alarm.ruleId)?.rule?.group;
      const area = grouping?.by === 'areas' ? grouping.areas.find((a) => a.name === name) : undefined;
      const place = area ? zonePlace([closeRing(area.polygon)], area.name) : null;
      if (place) return { ...place, sensorId: g.firstOut };
    }
    return sensorPlace(g.firstOut, ctx);
  }
  if (alarm.subject.startsWith('source:')) return null;
  const t = subjectTarget(alarm.subject, ctx);
  return t ? targetPlace(t, ctx) : null;
}

/** Not resolved (active, acknowledged, or cleared and waiting for an acknowledgement). */
export function isOpen(a: Pick<Alarm, 'state'>): boolean {
  return a.state !== 'resolved';
}

function placeKey(p: LngLat): string {
  return `${p[0].toFixed(6)},${p[1].toFixed(6)}`;
}

/** The open, unshelved alarms grouped per place, with what each symbol shows. */
export function alarmSymbolData(input: AlarmSymbolInput): AlarmSymbolData {
  const byKey = new Map<string, { place: AlarmPlaceOf; alarms: Alarm[] }>();
  const unplaced: Alarm[] = [];
  let shelved = 0;
  for (const a of input.alarms.values()) {
    if (!isOpen(a)) continue;
    if (input.shelves.has(shelfKey(a))) {
      shelved++;
      continue;
    }
    const place = alarmPlaceOf(a, input);
    if (!place) {
      unplaced.push(a);
      continue;
    }
    const key = placeKey(place.position);
    const entry = byKey.get(key);
    if (entry) {
      entry.alarms.push(a);
      if (!entry.place.rings.length && place.rings.length) entry.place = { ...entry.place, rings: place.rings };
    } else byKey.set(key, { place, alarms: [a] });
  }
  const places: AlarmPlace[] = [...byKey].map(([key, { place, alarms }]) => {
    alarms.sort((x, y) => compareByPriority(x, y) || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    const worst = alarms[0]!;
    const worstPlace = alarmPlaceOf(worst, input) ?? place;
    return {
      ...place,
      sensorId: worstPlace.sensorId,
      key,
      alarms,
      priority: worst.priority,
      count: alarms.length,
      unacknowledged: alarms.filter((x) => x.acknowledged === null).length,
      holding: alarms.some((x) => x.state === 'active' || x.state === 'acknowledged'),
    };
  });
  places.sort((a, b) => PRIORITY_RANK[a.priority] - PRIORITY_RANK[b.priority] || Number(a.unacknowledged > 0) - Number(b.unacknowledged > 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  unplaced.sort(compareByPriority);
  return { places, shelved, unplaced };
}

// ---------------------------------------------------------------------------------------------------------------------
// Picking: a click selects an alarm of the place (the worst; clicked again, the next one) and its sensor

/** The alarm a click on the place selects: the worst, or the one after the selected one when it is here. */
export function alarmToSelect(place: Pick<AlarmPlace, 'alarms'>, selectedAlarmId: string | null): Alarm {
  const i = place.alarms.findIndex((a) => a.id === selectedAlarmId);
  return place.alarms[i < 0 ? 0 : (i + 1) % place.alarms.length]!;
}

export interface AlarmPickActions {
  selectedAlarmId: string | null;
  selectAlarm(id: string | null): void;
  select(id: string | null): void;
  setHighlightedSensors(ids: Iterable<string>): void;
}

/**
 * Selects an alarm at the place (as the alarm list does: a group's members are highlighted) and the sensor it is
 * about (a group's first-out); a zone alarm has no sensor, and the sensor panel closes.
 */
export function selectAlarmAt(place: Pick<AlarmPlace, 'alarms'>, s: AlarmPickActions, ctx: Omit<AlarmSymbolInput, 'alarms' | 'shelves'>): Alarm {
  const alarm = alarmToSelect(place, s.selectedAlarmId);
  s.selectAlarm(alarm.id);
  s.setHighlightedSensors(alarm.group ? groupSensorIds(alarm.group) : []);
  s.select(alarmPlaceOf(alarm, ctx)?.sensorId ?? null);
  return alarm;
}

// ---------------------------------------------------------------------------------------------------------------------
// Words: the tooltip

/** Alarms listed by name in a tooltip; the rest are counted. */
export const TOOLTIP_ALARMS = 5;

function stateWords(a: Alarm): string {
  return t(`map.tipState_${a.state}`);
}

/**
 * The tooltip of a symbol: the place, then each alarm's priority, rule and state (worst first), and what a click does.
 */
export function alarmPlaceTooltip(
  place: Pick<AlarmPlace, 'alarms' | 'count' | 'merged'>,
  ctx: { catalogue: ReadonlyMap<string, Sensor>; zones: readonly ZoneInfo[]; rules: ReadonlyMap<string, RuleSummary>; registry: SensorTypeRegistry },
): string {
  const first = place.alarms[0];
  if (!first) return '';
  const lines = [place.merged ? t('map.tipMerged', { count: place.count, places: place.merged }) : alarmSubjectText(first, ctx)];
  for (const a of place.alarms.slice(0, TOOLTIP_ALARMS)) {
    const where = alarmSubjectText(a, ctx);
    lines.push(`${priorityLabel(a.priority)} · ${ruleName(a, ctx.rules)}${where !== lines[0] ? ` (${where})` : ''} · ${stateWords(a)}`);
  }
  if (place.count > TOOLTIP_ALARMS) lines.push(t('map.tipMore', { n: place.count - TOOLTIP_ALARMS }));
  lines.push(place.count > 1 ? t('map.tipClickWorst') : t('map.tipClickOne'));
  return lines.join('\n');
}

/** A picked object's alarm place (a symbol), or null. */
export function pickedAlarmPlace(object: unknown): AlarmPlace | null {
  if (typeof object !== 'object' || object === null) return null;
  const o = object as Partial<AlarmPlace>;
  return typeof o.key === 'string' && Array.isArray(o.alarms) && typeof o.priority === 'string' ? (object as AlarmPlace) : null;
}

// ---------------------------------------------------------------------------------------------------------------------
// Layers

let atlasImage: ShapeAtlasImage | null = null;
/** The shape atlas (shapes.ts), made once: an ImageData in the browser (deck.gl makes one texture of it). */
function atlas(): ShapeAtlasImage {
  if (!atlasImage) {
    const b = shapeAtlasBitmap();
    atlasImage = typeof ImageData === 'undefined' ? b : new ImageData(b.data, b.width, b.height);
  }
  return atlasImage;
}

function sizeOf(p: AlarmPlace): number {
  return PRIORITY_SYMBOL[p.priority].size;
}

/** Counts what the symbols show (for the e2e hooks and tests). */
export interface AlarmSymbolSummary {
  places: number;
  alarms: number;
  unacknowledged: number;
  shelved: number;
  unplaced: number;
  items: { key: string; position: LngLat; alarmIds: string[]; priority: Priority; count: number; unacknowledged: number; holding: boolean; rings: number; sensorId: string | null; zone: LngLat[][] }[];
}

export function summarizeSymbols(data: AlarmSymbolData): AlarmSymbolSummary {
  return {
    places: data.places.length,
    alarms: data.places.reduce((n, p) => n + p.count, 0),
    unacknowledged: data.places.reduce((n, p) => n + p.unacknowledged, 0),
    shelved: data.shelved,
    unplaced: data.unplaced.length,
    items: data.places.map((p) => ({ key: p.key, position: p.position, alarmIds: p.alarms.map((a) => a.id), priority: p.priority, count: p.count, unacknowledged: p.unacknowledged, holding: p.holding, rings: p.rings.length, sensorId: p.sensorId, zone: p.rings })),
  };
}

/**
 * The layers, bottom to top: zone outlines (dark casing, then the priority colour, wider when unacknowledged), the
 * unacknowledged rings, the symbols (dark edge, the priority colour, a dark centre when hollow) and the counts.
 * `onPick` is called with the place whose symbol is clicked (the click goes no further).
 */
export function alarmSymbolLayers(data: AlarmSymbolData, onPick?: (place: AlarmPlace) => void): Layer[] {
  const { places } = data;
  if (!places.length) return [];
  const layers: Layer[] = [];
  const zones = places.flatMap((p) => p.rings.map((path) => ({ path, place: p })));
  if (zones.length) {
    // Half the priority's line width: a district's outline marks the area without blanketing the sensors inside it
    // (several districts in alarm at the city view would otherwise bury the map in outline colour).
    const width = (d: { place: AlarmPlace }): number => PRIORITY_STYLE[d.place.priority].lineWidth / 2 + (d.place.unacknowledged ? 0.5 : 0);
    layers.push(
      new PathLayer<{ path: LngLat[]; place: AlarmPlace }>({
        id: 'alarm-zone-casing',
        data: zones,
        widthUnits: 'pixels',
        getPath: (d) => d.path,
        getColor: SYMBOL_EDGE,
        getWidth: (d) => width(d) + 1.5,
        pickable: false,
      }),
      new PathLayer<{ path: LngLat[]; place: AlarmPlace }>({
        id: 'alarm-zone',
        data: zones,
        widthUnits: 'pixels',
        getPath: (d) => d.path,
        getColor: (d) => PRIORITY_STYLE[d.place.priority].color,
        getWidth: width,
        pickable: false,
      }),
    );
  }
  const unacked = places.filter((p) => p.unacknowledged > 0);
  if (unacked.length) {
    const ring = {
      data: unacked,
      radiusUnits: 'pixels' as const,
      lineWidthUnits: 'pixels' as const,
      stroked: true,
      filled: false,
      getPosition: (d: AlarmPlace) => d.position,
      getRadius: (d: AlarmPlace) => sizeOf(d) / 2 + UNACK_RING.gapPx + UNACK_RING.widthPx / 2,
      pickable: false,
    };
    layers.push(
      new ScatterplotLayer<AlarmPlace>({ ...ring, id: 'alarm-unack-ring-casing', getLineColor: SYMBOL_EDGE, getLineWidth: UNACK_RING.widthPx + 3 }),
      new ScatterplotLayer<AlarmPlace>({ ...ring, id: 'alarm-unack-ring', getLineColor: (d) => PRIORITY_STYLE[d.priority].color, getLineWidth: UNACK_RING.widthPx }),
    );
  }
  const icon = {
    iconAtlas: atlas() as never,
    iconMapping: SHAPE_MAPPING,
    sizeUnits: 'pixels' as const,
    getIcon: (d: AlarmPlace) => PRIORITY_SYMBOL[d.priority].shape,
    getPosition: (d: AlarmPlace) => d.position,
  };
  layers.push(
    new IconLayer<AlarmPlace>({ ...icon, id: 'alarm-symbol-edge', data: places, getSize: (d) => sizeOf(d) + 6, getColor: SYMBOL_EDGE, pickable: false }),
    new IconLayer<AlarmPlace>({
      ...icon,
      id: 'alarm-symbol',
      data: places,
      getSize: sizeOf,
      getColor: (d) => PRIORITY_STYLE[d.priority].color,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
      onClick: (info: PickingInfo) => {
        const place = pickedAlarmPlace(info.object);
        if (place && onPick) onPick(place);
        return true;
      },
    }),
  );
  const hollow = places.filter((p) => !p.holding);
  if (hollow.length) layers.push(new IconLayer<AlarmPlace>({ ...icon, id: 'alarm-symbol-hollow', data: hollow, getSize: (d) => sizeOf(d) * 0.5, getColor: SYMBOL_EDGE, pickable: false }));
  const several = places.filter((p) => p.count > 1);
  if (several.length) {
    layers.push(
      new TextLayer<AlarmPlace>({
        id: 'alarm-count',
        data: several,
        getPosition: (d) => d.position,
        getText: (d) => String(d.count),
        getSize: 13,
        sizeUnits: 'pixels',
        fontWeight: 700,
        getColor: [255, 255, 255, 255],
        background: true,
        getBackgroundColor: SYMBOL_EDGE,
        getBorderColor: (d) => PRIORITY_STYLE[d.priority].color,
        getBorderWidth: 2,
        backgroundPadding: [4, 1],
        getPixelOffset: (d) => [sizeOf(d) / 2 + 4, -sizeOf(d) / 2 - 2],
        getTextAnchor: 'start',
        getAlignmentBaseline: 'bottom',
        pickable: false,
      }),
    );
  }
  return layers;
}
