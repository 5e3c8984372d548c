/**
 * Colour-vision deficiency simulation (pure): Machado, Oliveira & Fernandes 2009 ("A physiologically-based model for
 * simulation of color vision deficiency"), severity 1.0 (dichromacy), applied in linear RGB. Used by the palette tests
 * to check that every legend stays readable for the about 1 in 12 men with a red-green deficiency, and for tritanopes.
 */
import type { Rgb } from '../sensor-types/types';
import { fromLinear, toLinear } from './color-science';

export type Deficiency = 'protanopia' | 'deuteranopia' | 'tritanopia';
export const DEFICIENCIES: readonly Deficiency[] = ['protanopia', 'deuteranopia', 'tritanopia'];

type Matrix = readonly [readonly [number, number, number], readonly [number, number, number], readonly [number, number, number]];

/** Machado et al. 2009, table for severity 1.0. */
export const MACHADO_2009: Record<Deficiency, Matrix> = {
  protanopia: [
    [0.152286, 1.052583, -0.204868],
    [0.114503, 0.786281, 0.099216],
    [-0.003882, -0.048116, 1.051998],
  ],
  deuteranopia: [
    [0.367322, 0.860646, -0.227968],
    [0.280085, 0.672501, 0.047413],
    [-0.01182, 0.04294, 0.968881],
  ],
  tritanopia: [
    [1.255528, -0.076749, -0.178779],
    [-0.078411, 0.930809, 0.147602],
    [0.004733, 0.691367, 0.3039],
  ],
};

/** How an sRGB colour looks to a dichromat of the given kind (sRGB out, clamped to the gamut). */
export function simulateDeficiency(rgb: Readonly<Rgb>, kind: Deficiency): Rgb {
  const m = MACHADO_2009[kind];
  const lin = [toLinear(rgb[0]), toLinear(rgb[1]), toLinear(rgb[2])] as const;
  const out = m.map((row) => row[0] * lin[0] + row[1] * lin[1] + row[2] * lin[2]);
  return [fromLinear(out[0]!), fromLinear(out[1]!), fromLinear(out[2]!)];
}
