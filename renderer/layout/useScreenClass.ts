/**
 * Applies the screen class (screenClass.ts) to the page: the root font size (everything is in rem) and
 * `<html data-screen="…">` for the few rules that differ by class. Follows the window's size (resize, zoom) and the
 * layout setting; the URL's `?layout=` is read once.
 */
import { useEffect, useState } from 'react';
import { useAppStore } from '../store';
import { ROOT_FONT_PCT, screenClassOf, type ScreenClass } from './screenClass';

function urlLayout(): string | null {
  try {
    return new URLSearchParams(window.location.search).get('layout');
  } catch {
    return null;
  }
}

function useWindowSize(): { width: number; height: number } {
  const [size, setSize] = useState(() => ({ width: window.innerWidth, height: window.innerHeight }));
  useEffect(() => {
    const onResize = () => setSize((s) => (s.width === window.innerWidth && s.height === window.innerHeight ? s : { width: window.innerWidth, height: window.innerHeight }));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);
  return size;
}

/** The window's height in CSS px, following resizes. */
export function useWindowHeight(): number {
  return useWindowSize().height;
}

export function useScreenClass(): ScreenClass {
  const setting = useAppStore((s) => s.settings.layout);
  const [fromUrl] = useState(urlLayout);
  const { width, height } = useWindowSize();
  const cls = screenClassOf(setting, fromUrl, width, height);
  useEffect(() => {
    const root = document.documentElement;
    root.dataset.screen = cls;
    // The wall's type follows the screen's height (wall.css); the other classes' a share of the browser's font size.
    root.style.fontSize = cls === 'wall' ? '' : `${ROOT_FONT_PCT[cls]}%`;
  }, [cls]);
  return cls;
}
