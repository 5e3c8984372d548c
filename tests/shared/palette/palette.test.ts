/**
 * The palettes: every legend of every shipped sensor type, and the alarm priority and severity colours, in both
 * palettes, stay distinct between neighbouring classes for normal vision and simulated protanopia, deuteranopia and
 * tritanopia (CIEDE2000 above MIN_NEIGHBOUR_DE); in 'hmi' normal classes are low-saturation greys and abnormal ones
 * are coloured; the shared states differ by their cue or clearly by colour. Plus the colour science they rest on.
 */
import { describe, expect, it } from 'vitest';
import { PRIORITY_STYLE, SEVERITY_COLORS } from '../../../electron/shared/alarm-colors';
import { PRIORITY_ORDER } from '../../../electron/shared/alarm-priority';
import { bandGrades, bandRgb } from '../../../electron/shared/palette/bands';
import { chroma, colourDifference, deltaE2000, rgbToLab } from '../../../electron/shared/palette/color-science';
import { DEFICIENCIES, simulateDeficiency } from '../../../electron/shared/palette/cvd';
import { PALETTE_IDS, PALETTES } from '../../../electron/shared/palette/palettes';
import { STATE_CUE } from '../../../electron/shared/palette/state';
import { SHIPPED_TYPES } from '../../../electron/shared/sensor-types/shipped';
import type { Rgb } from '../../../electron/shared/sensor-types/types';

/** Neighbouring classes must differ by at least this CIEDE2000 (about 1 is just noticeable; 10 and more reads as another class). */
const MIN_NEIGHBOUR_DE = 11;
/** A "grey": Lab chroma below this. */
const MAX_GREY_CHROMA = 5;
/** An abnormal class is clearly coloured: Lab chroma above this. */
const MIN_ABNORMAL_CHROMA = 15;

type Vision = 'normal vision' | (typeof DEFICIENCIES)[number];
const VISIONS: readonly Vision[] = ['normal vision', ...DEFICIENCIES];
const seen = (c: Rgb, v: Vision): Rgb => (v === 'normal vision' ? c : simulateDeficiency(c, v));
const rgb = (c: readonly number[]): Rgb => [c[0]!, c[1]!, c[2]!];

/** Neighbours closer than the threshold, described ("traffic hmi deuteranopia: Slow | Busy ΔE 8.1"). */
function tooClose(what: string, classes: readonly { label: string; colour: Rgb }[]): string[] {
  const out: string[] = [];
  for (const v of VISIONS) {
    for (let i = 1; i < classes.length; i++) {
      const a = classes[i - 1]!;
      const b = classes[i]!;
      const d = colourDifference(seen(a.colour, v), seen(b.colour, v));
      if (d < MIN_NEIGHBOUR_DE) out.push(`${what} ${v}: ${a.label} | ${b.label} ΔE ${d.toFixed(1)}`);
    }
  }
  return out;
}

describe('colour science', () => {
  it('CIEDE2000 matches Sharma, Wu & Dalal (2005) test pairs', () => {
    const pairs: [number, number, number, number, number, number, number][] = [
      [50, 2.6772, -79.7751, 50, 0, -82.7485, 2.0425],
      [50, -1.3802, -84.2814, 50, 0, -82.7485, 1.0],
      [50, 2.5, 0, 50, 0, -2.5, 4.3065],
      [50, 2.5, 0, 73, 25, -18, 27.1492],
      [60.2574, -34.0099, 36.2677, 60.4626, -34.1751, 39.4387, 1.2644],
      [22.7233, 20.0904, -46.694, 23.0331, 14.973, -42.5619, 2.0373],
    ];
    for (const [L1, a1, b1, L2, a2, b2, want] of pairs) expect(deltaE2000({ L: L1, a: a1, b: b1 }, { L: L2, a: a2, b: b2 })).toBeCloseTo(want, 3);
  });

  it('sRGB to Lab: white, black and a mid grey', () => {
    expect(rgbToLab([255, 255, 255]).L).toBeCloseTo(100, 1);
    expect(rgbToLab([0, 0, 0]).L).toBeCloseTo(0, 5);
    expect(chroma([119, 119, 119])).toBeLessThan(0.01);
    expect(rgbToLab([119, 119, 119]).L).toBeCloseTo(50, 0);
  });

  it('the simulations leave greys alone and fold red onto green for red-green dichromats', () => {
    for (const k of DEFICIENCIES) for (const g of [0, 64, 128, 255]) expect(colourDifference(simulateDeficiency([g, g, g], k), [g, g, g])).toBeLessThan(1.5);
    // The old congestion scale's red and green: far apart for normal vision, close for deuteranopes and protanopes.
    const red: Rgb = [229, 57, 53];
    const green: Rgb = [67, 200, 90];
    expect(colourDifference(red, green)).toBeGreaterThan(60);
    expect(colourDifference(simulateDeficiency(red, 'deuteranopia'), simulateDeficiency(green, 'deuteranopia'))).toBeLessThan(25);
    // Tritanopes confuse blue with green, not red with green.
    expect(colourDifference(simulateDeficiency(red, 'tritanopia'), simulateDeficiency(green, 'tritanopia'))).toBeGreaterThan(40);
    const blue: Rgb = [0, 120, 255];
    expect(colourDifference(simulateDeficiency(blue, 'tritanopia'), blue)).toBeGreaterThan(20);
  });
});

describe('every legend survives colour-vision deficiencies', () => {
  for (const palette of PALETTE_IDS) {
    it(`${palette}: neighbouring bands of every shipped type stay ${MIN_NEIGHBOUR_DE} ΔE apart`, () => {
      const problems = SHIPPED_TYPES.flatMap((type) =>
        tooClose(
          `${type.id} ${palette}`,
          type.style.bands.map((b) => ({ label: b.label, colour: bandRgb(palette, type, b) })),
        ),
      );
      expect(problems).toEqual([]);
    });
  }

  it('alarm priorities (urgent to low) and severities stay apart, whatever the palette', () => {
    const priorities = PRIORITY_ORDER.map((p) => ({ label: p, colour: rgb(PRIORITY_STYLE[p].color) }));
    const severities = (['critical', 'warning', 'info'] as const).map((s) => ({ label: s, colour: rgb(SEVERITY_COLORS[s]) }));
    expect([...tooClose('priority', priorities), ...tooClose('severity', severities)]).toEqual([]);
  });

  it('the states every type shares differ by their cue, or clearly by colour', () => {
    for (const id of PALETTE_IDS) {
      const s = PALETTES[id].shared;
      const states = [
        { key: 'stale', colour: rgb(s.stale) },
        { key: 'never', colour: rgb(s.never) },
        { key: 'cannot-judge', colour: rgb(s.cannotJudge) },
        { key: 'unknown', colour: rgb(s.unknown) },
      ] as const;
      for (const a of states) {
        for (const b of states) {
          if (a.key >= b.key || STATE_CUE[a.key] !== STATE_CUE[b.key]) continue;
          for (const v of VISIONS) expect(colourDifference(seen(a.colour, v), seen(b.colour, v)), `${id} ${a.key}/${b.key} ${v}`).toBeGreaterThanOrEqual(MIN_NEIGHBOUR_DE);
        }
      }
      for (const v of VISIONS) expect(colourDifference(seen(rgb(s.flagRing), v), seen(rgb(s.outlineLive), v))).toBeGreaterThan(30);
    }
  });
});

describe('hmi: calm when normal', () => {
  it('normal bands are low-saturation greys, abnormal bands are coloured', () => {
    for (const type of SHIPPED_TYPES) {
      const grades = bandGrades(type);
      type.style.bands.forEach((band, i) => {
        const c = chroma(bandRgb('hmi', type, band));
        if (grades[i]!.severity === 0) expect(c, `${type.id} ${band.label}`).toBeLessThan(MAX_GREY_CHROMA);
        else expect(c, `${type.id} ${band.label}`).toBeGreaterThan(MIN_ABNORMAL_CHROMA);
      });
    }
  });

  it('every shipped type has a normal band, and classic keeps the type documents own colours', () => {
    for (const type of SHIPPED_TYPES) {
      expect(bandGrades(type).some((g) => g.severity === 0), type.id).toBe(true);
      for (const band of type.style.bands) expect(bandRgb('classic', type, band)).toEqual(band.colour);
    }
  });

  it('free-flowing traffic is grey, congestion is the warm scale getting darker as it worsens', () => {
    const traffic = SHIPPED_TYPES.find((t) => t.id === 'traffic')!;
    const [congested, slow, busy, free] = traffic.style.bands.map((b) => bandRgb('hmi', traffic, b));
    expect(chroma(free!)).toBeLessThan(MAX_GREY_CHROMA);
    const L = [busy!, slow!, congested!].map((c) => rgbToLab(c).L);
    expect(L[0]).toBeGreaterThan(L[1]!);
    expect(L[1]).toBeGreaterThan(L[2]!);
  });
});
