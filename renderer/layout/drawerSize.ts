/**
 * The alarm drawer's height: the user's (dragged or set with the keyboard, remembered in settings.drawerHeight, CSS
 * px) or the screen class's default share of the window, always kept within what the window can show. Pure.
 */
import { defaultDrawerHeight, type ScreenClass } from './screenClass';

/** Below this the drawer shows no alarm row: collapse it instead. */
export const DRAWER_MIN_PX = 140;
/** The map keeps at least this share of the window. */
export const DRAWER_MAX_SHARE = 0.8;
/** One arrow key press: about one alarm row; Page Up / Page Down: five. */
export const DRAWER_STEP_REM = 2.5;

export function drawerBounds(windowHeight: number): { min: number; max: number } {
  const max = Math.max(DRAWER_MIN_PX, Math.round(windowHeight * DRAWER_MAX_SHARE));
  return { min: DRAWER_MIN_PX, max };
}

export function clampDrawerHeight(height: number, windowHeight: number): number {
  const { min, max } = drawerBounds(windowHeight);
  return Math.round(Math.min(max, Math.max(min, height)));
}

/** The height to draw: the remembered one (null: the class's default), within the window's bounds. */
export function drawerHeightFor(remembered: number | null, cls: ScreenClass, windowHeight: number): number {
  return clampDrawerHeight(remembered ?? defaultDrawerHeight(cls, windowHeight), windowHeight);
}

/**
 * The height after a key on the drawer's separator (the window splitter pattern): ↑ / ↓ one step taller / shorter,
 * Page Up / Page Down five steps, Home the smallest, End the largest. null for any other key.
 */
export function drawerHeightAfterKey(key: string, height: number, windowHeight: number, stepPx: number): number | null {
  const { min, max } = drawerBounds(windowHeight);
  const by = (n: number) => clampDrawerHeight(height + n * stepPx, windowHeight);
  switch (key) {
    case 'ArrowUp':
      return by(1);
    case 'ArrowDown':
      return by(-1);
    case 'PageUp':
      return by(5);
    case 'PageDown':
      return by(-5);
    case 'Home':
      return min;
    case 'End':
      return max;
    default:
      return null;
  }
}
