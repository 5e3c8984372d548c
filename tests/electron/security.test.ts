import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from '../../electron/shared/content-security';
import { CSP_DIRECTIVES, electronContentSecurityPolicy, permissionDecision, secureWebPreferences, shouldApplyCsp, withSecurityHeaders } from '../../electron/main/security';

describe('Content-Security-Policy', () => {
  const csp = electronContentSecurityPolicy();
  const directives = new Map(csp.split(';').map((d) => { const [name, ...values] = d.trim().split(/\s+/); return [name as string, values]; }));

  it('never allows eval', () => {
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('wasm-unsafe-eval');
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('has exactly the agreed directives', () => {
    expect(csp).toBe(
      "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob:; connect-src 'self' citydesk-basemap:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    );
    expect([...directives.keys()]).toEqual(Object.keys(CSP_DIRECTIVES));
  });

  it('allows the base-map scheme for fetches only, and only in Electron', () => {
    for (const [name, values] of directives) {
      if (name === 'connect-src') expect(values).toContain('citydesk-basemap:');
      else expect(values.join(' ')).not.toContain('citydesk-basemap');
    }
    expect(contentSecurityPolicy()).not.toContain('citydesk-basemap');
  });

  it('allows no remote origins and no inline scripts', () => {
    expect(csp).not.toMatch(/https?:|ws:|wss:|\*/);
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'");
  });

  it('replaces any CSP a response carries, whatever its header case', () => {
    const h = withSecurityHeaders({ 'content-security-policy': ["script-src *"], 'CONTENT-SECURITY-POLICY-REPORT-ONLY': 'x', 'Content-Type': 'text/html' });
    expect(h['Content-Security-Policy']).toEqual([csp]);
    expect(h['X-Content-Type-Options']).toEqual(['nosniff']);
    expect(h['Content-Type']).toEqual(['text/html']);
    expect(Object.keys(h).filter((k) => k.toLowerCase().startsWith('content-security-policy'))).toEqual(['Content-Security-Policy']);
    expect(withSecurityHeaders(undefined)['Content-Security-Policy']).toEqual([csp]);
  });
});

describe('where the CSP header applies', () => {
  it('covers app:// and web content, not DevTools', () => {
    expect(shouldApplyCsp('app://citydesk/index.html')).toBe(true);
    expect(shouldApplyCsp('https://example.com/')).toBe(true);
    expect(shouldApplyCsp('devtools://devtools/bundled/devtools_app.html')).toBe(false);
    expect(shouldApplyCsp('chrome-extension://abc/x.js')).toBe(false);
  });
});

describe('webPreferences', () => {
  it('is locked down', () => {
    const p = secureWebPreferences({ preloadPath: '/app/dist/electron/preload/preload.cjs', devTools: false });
    expect(p).toMatchObject({
      preload: '/app/dist/electron/preload/preload.cjs',
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      experimentalFeatures: false,
      devTools: false,
    });
    expect(secureWebPreferences({ preloadPath: '/x/preload.cjs', devTools: true }).devTools).toBe(true);
    // The alarm sound starts after a restart without waiting for a click.
    expect(p.autoplayPolicy).toBe('no-user-gesture-required');
  });

  it('refuses an unbundled preload', () => {
    expect(() => secureWebPreferences({ preloadPath: '/x/preload.ts', devTools: false })).toThrow(/bundled/);
  });
});

describe('permissions', () => {
  it('denies everything', () => {
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen', 'unknown']) {
      expect(permissionDecision(p, 'app://citydesk')).toBe(false);
    }
  });
});
