/**
 * The sensors' label sources from what the map draws: named point sensors drawn on their own (a clustered one is named
 * once its cluster breaks up), the cluster discs as obstacles, and the visible line types' sensors by name (the
 * streets the feed measures). Pure.
 */
import type { Sensor } from '../../../electron/shared/model';
import type { ClusteredPoints } from '../cluster/clusterLayers';
import { RANK, stateRank } from '../cluster/rank';
import { isTypeVisible, sensorsByType, typeOf, type LayerInput } from '../layers/common';
import { pathOf } from '../layers/geometry';
import type { LabelSources, LineLabelSource } from './labels';

export function sensorLabelSources(
  points: ClusteredPoints,
  input: Pick<LayerInput, 'catalogue' | 'registry'>,
  visible: Readonly<Record<string, boolean>>,
): Pick<LabelSources, 'points' | 'symbols' | 'lines'> {
  const lines: LineLabelSource[] = [];
  for (const [typeId, sensors] of sensorsByType(input.catalogue)) {
    if (!isTypeVisible(visible, typeId) || typeOf(input.registry, typeId, sensors[0]).geometry !== 'line') continue;
    for (const s of sensors as readonly Sensor[]) {
      const path = pathOf(s);
      if (path && path.length >= 2) lines.push({ id: s.id, name: s.name, path });
    }
  }
  return {
    points: points.singles.map((d) => ({ id: d.id, name: d.sensor.name, position: d.position, size: d.size, priority: Math.min(99, d.size + (stateRank(d) >= RANK.flagged ? 50 : 0)) })),
    symbols: points.clusters.map((c) => ({ position: c.position, radius: c.radius })),
    lines,
  };
}
