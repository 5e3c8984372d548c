/** The way back to the city's home view: a map button (a MapLibre control) and the H key. DOM only, no store. */
import type { IControl } from 'maplibre-gl';
import { onLanguageChange, t } from '../i18n/i18n';

/** The home view's key (outside text fields, without modifiers). */
export const HOME_KEYS: readonly string[] = ['h', 'H', 'Home'];

/** The focus is in a text field (input, textarea, select, contenteditable). */
export function typingInto(target: EventTarget | null): boolean {
  if (typeof HTMLElement === 'undefined' || !(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/** The home key, pressed outside a text field and without modifiers. */
export function isHomeKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'target'>): boolean {
  return HOME_KEYS.includes(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey && !typingInto(e.target);
}

/** The house's stroke: as light as the zoom buttons' icons beside it. */
export const HOME_ICON_COLOUR = '#d9dee6';

/** A map button that returns to the home view. */
export class HomeControl implements IControl {
  private container: HTMLDivElement | null = null;
  private offLanguage: (() => void) | null = null;
  constructor(private readonly onHome: () => void) {}
  onAdd(): HTMLElement {
    const div = document.createElement('div');
    div.className = 'maplibregl-ctrl maplibregl-ctrl-group';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'map-home';
    const words = () => {
      button.title = t('map.homeTitle');
      button.setAttribute('aria-label', t('map.homeLabel'));
    };
    words();
    this.offLanguage = onLanguageChange(words);
    button.dataset.testid = 'map-home';
    // A house outline (an SVG, as no font glyph can be relied on).
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 20 20');
    svg.setAttribute('width', '18');
    svg.setAttribute('height', '18');
    svg.setAttribute('aria-hidden', 'true');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    path.setAttribute('d', 'M3 10 L10 3.5 L17 10 M5.5 8.5 V16.5 H8.5 V12 H11.5 V16.5 H14.5 V8.5');
    path.setAttribute('fill', 'none');
    // Light, as MapLibre's own (inverted) zoom icons on the dark control: a dark stroke would vanish on it.
    path.setAttribute('stroke', HOME_ICON_COLOUR);
    path.setAttribute('stroke-width', '1.8');
    path.setAttribute('stroke-linejoin', 'round');
    svg.appendChild(path);
    button.appendChild(svg);
    button.addEventListener('click', this.onHome);
    div.appendChild(button);
    this.container = div;
    return div;
  }
  onRemove(): void {
    this.offLanguage?.();
    this.offLanguage = null;
    this.container?.remove();
    this.container = null;
  }
}
