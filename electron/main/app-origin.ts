/**
 * The app's one origin. The renderer is served from app://citydesk/ by our own protocol handler (see protocol.ts);
 * everything that decides "is this us?" (navigation, IPC senders, CSP 'self') keys on these constants.
 * Pure module: no electron import, unit-tested in tests/electron.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'citydesk';
/** The origin as the browser serialises it (no trailing slash). */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The URL the window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True for URLs whose origin is exactly app://citydesk (any path). Never throws. */
export function isAppUrl(raw: string | null | undefined): boolean {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 8192) return false;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return false;
  }
  return (
    u.protocol === `${APP_SCHEME}:` && u.hostname === APP_HOST && u.port === '' && u.username === '' && u.password === ''
  );
}
