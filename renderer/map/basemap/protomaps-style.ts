/**
 * The style of a Protomaps-schema archive (a city extract of the Protomaps daily build, e.g. `pmtiles extract`):
 * the maintained layers of @protomaps/basemaps in its dark flavour, without labels (they need glyphs, which are not
 * available offline) and without its own background (the world map is under it). Pure.
 */
import { layers as protomapsLayers, namedFlavor } from '@protomaps/basemaps';
import type { LayerSpecification } from 'maplibre-gl';

export function protomapsCityLayers(source: string, prefix = 'city-'): LayerSpecification[] {
  return (protomapsLayers(source, namedFlavor('dark')) as LayerSpecification[])
    .filter((l) => l.type !== 'background' && l.type !== 'symbol')
    .map((l) => ({ ...l, id: `${prefix}${l.id}` }));
}
