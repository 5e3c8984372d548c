/**
 * The renderer's Content-Security-Policy, one policy for both shells: Electron's app:// page (electron/main/security.ts)
 * and the browser mode's http page (electron/cli/web-host.ts, which adds its engine WebSocket to connect-src).
 * Pure: no Node, no DOM.
 *
 * No 'unsafe-eval' anywhere: the renderer (React, MapLibre, deck.gl) runs without eval; MapLibre's worker is created
 * from a blob: URL, hence worker-src blob:. Inline styles are needed by MapLibre/deck.gl and React style props.
 * connect-src 'self' covers fetches of the base map; in Electron the engine talks over a MessagePort, which CSP does
 * not govern, and the user's base map comes from main's citydesk-basemap: scheme, allowed for connect-src only
 * (electronContentSecurityPolicy). frame-ancestors 'none': no other page may frame the desk.
 */
export const CSP_DIRECTIVES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'none'"],
  'frame-ancestors': ["'none'"],
});

import { ELECTRON_BASEMAP_SCHEME } from './basemap-manifest';

/** The policy as a header value; `extra` adds sources to directives (e.g. connect-src ws://127.0.0.1:5180). */
export function contentSecurityPolicy(extra: Readonly<Record<string, readonly string[]>> = {}): string {
  return Object.entries(CSP_DIRECTIVES)
    .map(([name, values]) => `${name} ${[...values, ...(extra[name] ?? [])].join(' ')}`)
    .join('; ');
}

/** Electron's policy: the common one, plus main's base-map scheme for fetches (connect-src) and nothing else. */
export function electronContentSecurityPolicy(): string {
  return contentSecurityPolicy({ 'connect-src': [`${ELECTRON_BASEMAP_SCHEME}:`] });
}
