/**
 * Point sensors at one zoom, of every visible point type together (a car park under an air-quality point is as hidden
 * as under another car park): those alone drawn as usual (by their type's point builder), those whose symbols would
 * overlap drawn as one cluster symbol per group, above every point layer: a disc in the worst member's colour, at the worst member's place, with
 * the member count on it and the flag ring when the worst is flagged (e.g. over capacity). Picking a cluster zooms in to
 * it (MapView). Pure: data in, deck.gl layers out.
 */
import type { Layer } from '@deck.gl/core';
import { ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { LngLat } from '../../../electron/shared/model';
import { FLAG_RING_COLOR, OUTLINE_LIVE, type RGBA } from '../colors';
import type { PointDatum } from '../layers/point';
import { LABEL_FONT } from '../labels/font';
import { clusterBounds, clusterPoints, type Cluster } from './cluster';
import { stateRank } from './rank';

/** Two point symbols closer than this (CSS px) are drawn as one cluster. */
export const CLUSTER_RADIUS_PX = 36;
/** From this zoom on every point is drawn on its own (clusters have broken up whatever their spread). */
export const CLUSTER_MAX_ZOOM = 17;

/** One cluster symbol. `clusterOf` (not `id`): picking it is not picking a sensor. */
export interface ClusterDatum {
  clusterOf: string;
  /** The members' types (ids), in order of their first member. */
  typeIds: string[];
  position: LngLat;
  count: number;
  /** The worst member's colour and flag (what the cluster shows). */
  color: RGBA;
  flagged: boolean;
  worstId: string;
  memberIds: string[];
  bounds: [number, number, number, number];
  radius: number;
}

export function isClusterDatum(o: unknown): o is ClusterDatum {
  return typeof o === 'object' && o !== null && typeof (o as { clusterOf?: unknown }).clusterOf === 'string';
}

/** Radius (px) of a cluster of `count`, never smaller than its worst member's own symbol. */
export function clusterRadius(count: number, worstSize: number): number {
  return Math.max(worstSize, 11 + 3 * Math.log2(count));
}

function datumOf(c: Cluster<PointDatum>): ClusterDatum {
  return {
    clusterOf: c.worst.id,
    typeIds: [...new Set(c.members.map((m) => m.type.id))],
    position: c.worst.position,
    count: c.members.length,
    color: c.worst.color,
    flagged: c.worst.flagged,
    worstId: c.worst.id,
    memberIds: c.members.map((m) => m.id),
    bounds: clusterBounds(c.members),
    radius: clusterRadius(c.members.length, c.worst.size),
  };
}

export interface ClusteredPoints {
  /** Points drawn on their own, best first (the worst on top). */
  singles: PointDatum[];
  clusters: ClusterDatum[];
}

/** Groups point data (of any types) at `zoom` (null: no clustering, every point alone, still worst on top). */
export function clusterPointData(data: readonly PointDatum[], zoom: number | null): ClusteredPoints {
  const z = zoom === null || zoom >= CLUSTER_MAX_ZOOM ? null : zoom;
  if (z === null) {
    const singles = [...data].sort((a, b) => stateRank(a) - stateRank(b) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    return { singles, clusters: [] };
  }
  const { singles, clusters } = clusterPoints(data, z, CLUSTER_RADIUS_PX, stateRank);
  return { singles, clusters: clusters.map(datumOf) };
}

/** The cluster symbols, worst on top (the data come best first). */
export function clusterLayers(clusters: ClusterDatum[], version: number): Layer[] {
  if (clusters.length === 0) return [];
  const id = 'clusters';
  const flagged = clusters.filter((c) => c.flagged);
  return [
    new ScatterplotLayer<ClusterDatum>({
      id,
      data: clusters,
      pickable: true,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
      stroked: true,
      filled: true,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (d) => d.position,
      getRadius: (d) => d.radius,
      getFillColor: (d) => d.color,
      getLineColor: [230, 236, 245, 255],
      getLineWidth: 2,
      updateTriggers: { getPosition: version, getRadius: version, getFillColor: version },
    }),
    new ScatterplotLayer<ClusterDatum>({
      id: `${id}-flags`,
      data: flagged,
      pickable: false,
      stroked: true,
      filled: false,
      radiusUnits: 'pixels',
      lineWidthUnits: 'pixels',
      getPosition: (d) => d.position,
      getRadius: (d) => d.radius + 4,
      getLineColor: FLAG_RING_COLOR,
      getLineWidth: 3,
      updateTriggers: { getPosition: version, getRadius: version },
    }),
    new TextLayer<ClusterDatum>({
      id: `${id}-count`,
      data: clusters,
      pickable: false,
      getPosition: (d) => d.position,
      getText: (d) => String(d.count),
      getSize: 13,
      sizeUnits: 'pixels',
      getColor: [255, 255, 255, 255],
      fontFamily: LABEL_FONT,
      fontWeight: 700,
      fontSettings: { sdf: true },
      outlineWidth: 4,
      outlineColor: OUTLINE_LIVE,
      getTextAnchor: 'middle',
      getAlignmentBaseline: 'center',
      characterSet: '0123456789',
      updateTriggers: { getPosition: version, getText: version },
    }),
  ];
}
