/**
 * The screen class the desk lays itself out for, from the window's size in CSS px (which already includes the user's
 * zoom: Ctrl+ makes the window "smaller") or forced by the layout setting, and what each class changes: the root type
 * size (a share of the browser's font size, so the user's font-size setting is honoured too) and the drawer's default
 * share of the window. Everything in the style sheets is in rem, so it scales with the root size. Pure.
 */
import type { LayoutId } from '../settings/settings';

export const SCREEN_CLASSES = ['laptop', 'workstation', 'large', 'wall'] as const;
/** 'large': a 4K screen at 1:1 (3840x2160 CSS px); 'wall': the read-only video wall layout (renderer/wall/). */
export type ScreenClass = (typeof SCREEN_CLASSES)[number];

/** A window at least this wide and tall (CSS px) is a workstation's screen; smaller is a laptop's. */
export const WORKSTATION_MIN = { width: 1600, height: 900 } as const;
/** A window at least this wide and tall is a 4K screen shown 1:1. */
export const LARGE_MIN = { width: 2560, height: 1400 } as const;

/** The root font size of each class, in % of the browser's font size (16 px unless the user changed it); the wall's follows the screen's height (wall.css). */
export const ROOT_FONT_PCT: Record<Exclude<ScreenClass, 'wall'>, number> = { laptop: 100, workstation: 106.25, large: 175 };

/** The drawer's default height as a share of the window (the user's dragged height replaces it). */
export const DRAWER_SHARE: Record<Exclude<ScreenClass, 'wall'>, number> = { laptop: 0.42, workstation: 0.42, large: 0.5 };

/** The class of a window of this size when the layout setting is 'auto'. */
export function classOfSize(width: number, height: number): Exclude<ScreenClass, 'wall'> {
  if (width >= LARGE_MIN.width && height >= LARGE_MIN.height) return 'large';
  if (width >= WORKSTATION_MIN.width && height >= WORKSTATION_MIN.height) return 'workstation';
  return 'laptop';
}

/**
 * The class to lay out for: the URL's `?layout=` (a browser on the wall's PC opens `…?layout=wall`) wins over the
 * setting, and 'auto' follows the window. An unknown URL value is ignored (the setting applies).
 */
export function screenClassOf(setting: LayoutId, urlLayout: string | null, width: number, height: number): ScreenClass {
  const layout = urlLayout === 'wall' || urlLayout === 'laptop' || urlLayout === 'workstation' || urlLayout === 'auto' ? urlLayout : setting;
  if (layout === 'wall' || layout === 'laptop' || layout === 'workstation') return layout;
  return classOfSize(width, height);
}

/** The drawer's default height in CSS px for a window `windowHeight` tall. */
export function defaultDrawerHeight(cls: ScreenClass, windowHeight: number): number {
  return Math.round(windowHeight * DRAWER_SHARE[cls === 'wall' ? 'workstation' : cls]);
}
