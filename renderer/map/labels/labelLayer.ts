/**
 * The placed labels (labels.ts) as one deck.gl TextLayer: the font atlas is drawn on a canvas from the system font
 * (no glyph files, offline), with a dark halo so that text reads over any symbol or road. Not pickable. Pure.
 */
import type { Layer } from '@deck.gl/core';
import { TextLayer } from '@deck.gl/layers';
import type { RGBA } from '../colors';
import { LABEL_FONT } from './font';
import type { LabelKind, MapLabel } from './labels';

/** Muted for the map's geography, bright for the sensors' names. */
export const LABEL_COLOR: Record<LabelKind, RGBA> = {
  district: [150, 170, 198, 255],
  place: [198, 210, 228, 255],
  street: [170, 182, 200, 255],
  sensor: [236, 241, 248, 255],
};

const HALO: RGBA = [8, 12, 18, 255];

export function labelLayer(labels: readonly MapLabel[], key: string): Layer {
  return new TextLayer<MapLabel>({
    id: 'map-labels',
    data: labels as MapLabel[],
    pickable: false,
    sizeUnits: 'pixels',
    getPosition: (d) => d.position,
    getText: (d) => d.text,
    getSize: (d) => d.size,
    getAngle: (d) => d.angle,
    getColor: (d) => LABEL_COLOR[d.kind],
    getTextAnchor: (d) => d.anchor,
    getAlignmentBaseline: 'center',
    getPixelOffset: (d) => d.offset,
    fontFamily: LABEL_FONT,
    fontWeight: 600,
    fontSettings: { sdf: true, fontSize: 48, buffer: 6 },
    outlineWidth: 3,
    outlineColor: HALO,
    characterSet: 'auto',
    updateTriggers: { getPosition: key, getText: key, getSize: key, getAngle: key, getColor: key, getTextAnchor: key, getPixelOffset: key },
  });
}
