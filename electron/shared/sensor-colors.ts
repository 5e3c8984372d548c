/**
 * The colours every sensor type shares on any map the desk draws (the live map in the renderer, the incident pack's
 * snapshots in the engine), whatever the type (the type's own colours are its bands). Colours are [r, g, b, a] with
 * 0..255 channels. Pure data.
 */

export type RGBA = [number, number, number, number];

/** Silent for longer than 1.5 × the expected interval. */
export const STALE_COLOR: RGBA = [120, 128, 140, 170];
/** Never heard from. */
export const NEVER_COLOR: RGBA = [85, 92, 104, 120];
/** A live reading whose headline cannot be judged (a value it needs is empty or outside its valid range). */
export const FLAGGED_COLOR: RGBA = [186, 120, 255, 255];
/** The headline cannot be computed although the reading is fine (e.g. an attribute it needs is unknown). */
export const UNKNOWN_COLOR: RGBA = [150, 200, 230, 220];
/** Ring around a flagged point or area (e.g. a car park over capacity). */
export const FLAG_RING_COLOR: RGBA = [255, 0, 220, 255];
/** Light halo under a flagged line. */
export const FLAG_HALO_COLOR: RGBA = [235, 235, 255, 110];
/** Outline of a point symbol: live / not live. */
export const OUTLINE_LIVE: RGBA = [15, 20, 28, 255];
export const OUTLINE_DIM: RGBA = [40, 44, 52, 255];
