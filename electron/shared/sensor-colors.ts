/**
 * The colours every sensor type shares on any map the desk draws (the live map in the renderer, the incident pack's
 * snapshots in the engine), whatever the type (the type's own colours are its bands): the default palette's
 * (palette/palettes.ts, where both palettes are defined). Colours are [r, g, b, a] with 0..255 channels. Pure data.
 */
import { DEFAULT_PALETTE, PALETTES } from './palette/palettes';

export type { RGBA } from './palette/palettes';

const shared = PALETTES[DEFAULT_PALETTE].shared;

/** Silent for longer than 1.5 × the expected interval. */
export const STALE_COLOR = shared.stale;
/** Never heard from. */
export const NEVER_COLOR = shared.never;
/** A live reading whose headline cannot be judged (a value it needs is empty or outside its valid range). */
export const FLAGGED_COLOR = shared.cannotJudge;
/** The headline cannot be computed although the reading is fine (e.g. an attribute it needs is unknown). */
export const UNKNOWN_COLOR = shared.unknown;
/** Ring around a flagged point or area (e.g. a car park over capacity). */
export const FLAG_RING_COLOR = shared.flagRing;
/** Light halo under a flagged line. */
export const FLAG_HALO_COLOR = shared.flagHalo;
/** Outline of a point symbol: live / not live. */
export const OUTLINE_LIVE = shared.outlineLive;
export const OUTLINE_DIM = shared.outlineDim;
