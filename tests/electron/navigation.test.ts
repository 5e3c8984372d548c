import { describe, expect, it } from 'vitest';
import { APP_ENTRY_URL, isAppUrl } from '../../electron/main/app-origin';
import { navigationDecision, validateExternalUrl, windowOpenDecision } from '../../electron/main/navigation';

describe('navigation policy', () => {
  it('allows the app origin only', () => {
    expect(navigationDecision(APP_ENTRY_URL)).toEqual({ allow: true });
    expect(navigationDecision('app://citydesk/')).toEqual({ allow: true });
    expect(navigationDecision('app://citydesk/index.html#/sensor/x?y=1')).toEqual({ allow: true });
  });

  it.each([
    'https://example.com/',
    'http://localhost:5173/',
    'file:///etc/passwd',
    'file:///C:/Windows/System32/',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'blob:app://citydesk/1234',
    'app://evil/',
    'app://citydesk.evil.com/',
    'app://citydesk:8080/',
    'app://user:pw@citydesk/',
    'ftp://citydesk/',
    'about:blank',
    'chrome://gpu',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    const d = navigationDecision(url);
    expect(d.allow).toBe(false);
    if (!d.allow) expect(d.reason).toMatch(/refused/);
  });

  it('isAppUrl never throws on junk', () => {
    for (const x of [null, undefined, '', 'x'.repeat(10000), '\u0000', 'app:']) expect(isAppUrl(x as string)).toBe(false);
  });
});

describe('window.open policy', () => {
  it('denies every window, opening only validated https links externally', () => {
    expect(windowOpenDecision('https://www.openstreetmap.org/copyright')).toEqual({ action: 'deny', openExternal: 'https://www.openstreetmap.org/copyright' });
    expect(windowOpenDecision('app://citydesk/index.html')).toEqual({ action: 'deny', openExternal: null });
    expect(windowOpenDecision('http://example.com/')).toEqual({ action: 'deny', openExternal: null });
    expect(windowOpenDecision('javascript:alert(1)')).toEqual({ action: 'deny', openExternal: null });
    expect(windowOpenDecision('file:///etc/passwd')).toEqual({ action: 'deny', openExternal: null });
    expect(windowOpenDecision('about:blank')).toEqual({ action: 'deny', openExternal: null });
  });

  it.each([
    'http://example.com',
    'smb://server/share',
    'ms-msdt:/id PCWDiagnostic',
    'vscode://file/etc/passwd',
    'https://user:pw@example.com/',
    'https://localhost/',
    'https://printer.local/',
    'https://intranet/',
    'https://example.com:8443/',
    `https://example.com/${'a'.repeat(3000)}`,
  ])('refuses to open %s externally', (url) => {
    expect(validateExternalUrl(url)).toBeNull();
  });

  it('normalises what it accepts', () => {
    expect(validateExternalUrl('https://EXAMPLE.com/a b')).toBe('https://example.com/a%20b');
  });
});
