/**
 * Navigation and new-window policy. The window shows app://citydesk/ and nothing else: every navigation away from
 * that origin is refused, window.open is always denied, and a link to an https page may be handed to the OS browser
 * (shell.openExternal in main.ts) after validateExternalUrl. Pure module: no electron import.
 */
import { isAppUrl } from './app-origin';

export type NavigationDecision = { allow: true } | { allow: false; reason: string };

/** For will-navigate / will-frame-navigate / will-redirect: only in-app URLs are allowed. */
export function navigationDecision(url: string): NavigationDecision {
  if (isAppUrl(url)) return { allow: true };
  return { allow: false, reason: `navigation to ${describeUrl(url)} refused: only ${'app://citydesk/'} is allowed` };
}

/**
 * For webContents.setWindowOpenHandler. The action is always 'deny' (no second window, ever); `openExternal` is the
 * validated https URL to pass to shell.openExternal, or null.
 */
export function windowOpenDecision(url: string): { action: 'deny'; openExternal: string | null } {
  return { action: 'deny', openExternal: validateExternalUrl(url) };
}

/**
 * An https URL safe to hand to the OS browser, normalised, or null. Refuses other schemes (http, file, javascript,
 * custom protocol handlers that could start programs), credentials in the URL, IP-less/odd hosts and over-long URLs.
 */
export function validateExternalUrl(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return null;
  }
  if (u.protocol !== 'https:') return null;
  if (u.username !== '' || u.password !== '') return null;
  if (u.hostname === '' || !/^[a-z0-9.-]+$/i.test(u.hostname) || !u.hostname.includes('.')) return null;
  if (u.hostname === 'localhost' || u.hostname.endsWith('.localhost') || u.hostname.endsWith('.local')) return null;
  if (u.port !== '' && u.port !== '443') return null;
  return u.href;
}

function describeUrl(url: string): string {
  const s = String(url);
  return JSON.stringify(s.length > 120 ? `${s.slice(0, 117)}...` : s);
}
