/**
 * Security policy for the renderer: the Content-Security-Policy and the BrowserWindow webPreferences.
 * Pure module: no electron import (main.ts passes these objects to the real API; tsc checks they fit its types).
 */

import { electronContentSecurityPolicy } from '../shared/content-security';

/** The CSP is shared with the browser mode's host (electron/shared/content-security.ts). */
export { CSP_DIRECTIVES, electronContentSecurityPolicy } from '../shared/content-security';

/** The subset of Electron.WebPreferences we set; main.ts hands it to `new BrowserWindow`. */
export interface SecureWebPreferences {
  preload: string;
  sandbox: true;
  contextIsolation: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  webviewTag: false;
  spellcheck: false;
  navigateOnDragDrop: false;
  safeDialogs: true;
  experimentalFeatures: false;
  enableWebSQL: false;
  /** The alarm sound may start without a click (a control-room desk must sound after a restart): Electron's default, stated. */
  autoplayPolicy: 'no-user-gesture-required';
  devTools: boolean;
}

export function secureWebPreferences(opts: { preloadPath: string; devTools: boolean }): SecureWebPreferences {
  if (!opts.preloadPath.endsWith('.cjs') && !opts.preloadPath.endsWith('.js')) {
    throw new Error(`preload must be a bundled script, got ${opts.preloadPath}`);
  }
  return {
    preload: opts.preloadPath,
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    experimentalFeatures: false,
    enableWebSQL: false,
    autoplayPolicy: 'no-user-gesture-required',
    devTools: opts.devTools,
  };
}

/**
 * Response headers with our CSP, replacing any CSP the response carried (case-insensitively), for
 * session.webRequest.onHeadersReceived. Returns a new object; the input is not modified.
 */
export function withSecurityHeaders(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    const lower = k.toLowerCase();
    if (lower === 'content-security-policy' || lower === 'content-security-policy-report-only') continue;
    if (lower === 'x-content-type-options') continue;
    out[k] = Array.isArray(v) ? v : [v];
  }
  out['Content-Security-Policy'] = [electronContentSecurityPolicy()];
  out['X-Content-Type-Options'] = ['nosniff'];
  return out;
}

/**
 * Which responses get our CSP from onHeadersReceived: everything (app://, and any web content that should never load
 * anyway) except the browser's own pages, DevTools in particular, whose scripts a strict CSP would break.
 */
export function shouldApplyCsp(url: string): boolean {
  return !/^(devtools|chrome|chrome-extension|chrome-untrusted):/i.test(url);
}

/** Every permission request (camera, geolocation, notifications, ...) is refused; OS notifications go through IPC. */
export function permissionDecision(_permission: string, _requestingOrigin?: string): false {
  return false;
}
