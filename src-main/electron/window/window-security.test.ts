import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import { appUrl, devServerOrigin, isAppUrl } from './app-location';
import { buildCsp, tileOrigin } from '../../../src-shared/security/csp';
import { withCsp } from './csp';
import { decideNavigation, installNavigationGuard } from './navigation-guard';
import type { GuardedContents } from './navigation-guard';
import { mainWindowOptions } from './window-options';

const bundleApp = { kind: 'bundle', rootDir: '/opt/Stationwatch/resources/app.asar/dist/renderer' } as const;
const devApp = { kind: 'dev', origin: 'http://localhost:5173' } as const;

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name as string, values]));
}

describe('main window options', () => {
  it('use the secure preferences of the Electron checklist, with our preload', () => {
    const options = mainWindowOptions('/app/dist/preload/preload.cjs', null, 'dark');
    expect(options.webPreferences).toMatchObject({ preload: '/app/dist/preload/preload.cjs', contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webviewTag: false, webSecurity: true, allowRunningInsecureContent: false });
    expect(options.show).toBe(false);
  });

  it('restore remembered bounds, or default to a sensible size', () => {
    expect(mainWindowOptions('p', { x: 10, y: 20, width: 1200, height: 800, isMaximized: false }, 'light')).toMatchObject({ x: 10, y: 20, width: 1200, height: 800, backgroundColor: '#f4f6f8' });
    const fresh = mainWindowOptions('p', null, 'dark');
    expect(fresh).not.toHaveProperty('x');
    expect(fresh.width).toBeGreaterThanOrEqual(fresh.minWidth);
  });
});

describe('content security policy', () => {
  it('allows only the app itself without a tile server, and never eval', () => {
    const csp = directives(buildCsp(SettingsSchema.parse({})));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:']);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect([...csp.values()].flat()).not.toContain("'unsafe-eval'");
  });

  it('adds exactly the tile host to connect-src and img-src, nothing else', () => {
    const settings = SettingsSchema.parse({ ui: { tileUrl: 'https://tiles.city.example:8443/osm/{z}/{x}/{y}.png?key=abc' } });
    const csp = directives(buildCsp(settings));
    expect(csp.get('connect-src')).toEqual(["'self'", 'https://tiles.city.example:8443']);
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', 'https://tiles.city.example:8443']);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('default-src')).toEqual(["'self'"]);
  });

  it('turns a {s} subdomain template into that domain’s subdomains only', () => {
    expect(tileOrigin('https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png')).toBe('https://*.tile.openstreetmap.org');
    expect(tileOrigin('javascript:alert(1)')).toBeNull();
    expect(tileOrigin('file:///etc/tiles/{z}.png')).toBeNull();
    expect(tileOrigin(null)).toBeNull();
  });

  it('reads the origin as URL would: lower case, no user info, no default port, nothing but a plain host', () => {
    expect(tileOrigin('HTTPS://Tiles.City.Example:443/{z}/{x}/{y}.png')).toBe('https://tiles.city.example');
    expect(tileOrigin('http://user:pw@127.0.0.1:8080/{z}/{x}/{y}.png')).toBe('http://127.0.0.1:8080');
    expect(tileOrigin('http://[::1]:9000/t/{z}/{x}/{y}.png')).toBe('http://[::1]:9000');
    expect(tileOrigin('https://tiles.example.org?{z}')).toBe('https://tiles.example.org');
    for (const bad of ['https://{z}.example.org/{x}/{y}', 'https://tiles example.org/{z}', 'https:///{z}/{x}/{y}', 'https://-bad.example/{z}', 'https://a.example:99999/{z}', 'https://*.example.org/{z}']) {
      expect(tileOrigin(bad), bad).toBeNull();
    }
  });

  it('replaces any CSP header the response brought, whatever its case', () => {
    const headers = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': 'text/html' }, "default-src 'self'");
    expect(headers).toEqual({ 'Content-Type': ['text/html'], 'Content-Security-Policy': ["default-src 'self'"] });
  });
});

describe('app location and navigation', () => {
  it('knows the app: the exact index file, or the dev server origin', () => {
    const index = appUrl(bundleApp);
    expect(isAppUrl(index, bundleApp)).toBe(true);
    expect(isAppUrl(`${index}#/stations/st-01`, bundleApp)).toBe(true);
    expect(index).toBe('app://stationwatch/index.html');
    expect(isAppUrl('app://stationwatch/other.html', bundleApp)).toBe(false);
    expect(isAppUrl('app://elsewhere/index.html', bundleApp)).toBe(false);
    expect(isAppUrl('file:///opt/Stationwatch/resources/app.asar/dist/renderer/index.html', bundleApp)).toBe(false);
    expect(isAppUrl('file:///etc/passwd', bundleApp)).toBe(false);
    expect(isAppUrl('http://localhost:5173/alarms', devApp)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', devApp)).toBe(false);
    expect(isAppUrl('not a url', devApp)).toBe(false);
  });

  it('accepts only a loopback http dev server', () => {
    expect(devServerOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(devServerOrigin('http://dev-box.invalid:5173/')).toBeNull();
    expect(devServerOrigin('https://localhost:5173/')).toBeNull();
    expect(devServerOrigin(undefined)).toBeNull();
  });

  it('denies navigation away, opens http(s) links externally and never opens windows', () => {
    expect(decideNavigation(appUrl(bundleApp), bundleApp)).toBe('allow');
    expect(decideNavigation('https://docs.example.org/help', bundleApp)).toBe('external');
    expect(decideNavigation('file:///home/user/evil.html', bundleApp)).toBe('deny');
    expect(decideNavigation('javascript:alert(1)', bundleApp)).toBe('deny');

    const listeners = new Map<string, (event: { preventDefault(): void }, url: string) => void>();
    let openHandler: ((details: { url: string }) => { action: 'deny' }) | null = null;
    const contents = {
      on: (event: string, listener: (event: { preventDefault(): void }, url: string) => void) => listeners.set(event, listener),
      setWindowOpenHandler: (handler: (details: { url: string }) => { action: 'deny' }) => (openHandler = handler),
    } as unknown as GuardedContents;
    const opened: string[] = [];
    installNavigationGuard(contents, bundleApp, async (url) => void opened.push(url));
    const navigate = (url: string): boolean => {
      let prevented = false;
      listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate(`${appUrl(bundleApp)}#/map`)).toBe(false);
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('file:///tmp/x.html')).toBe(true);
    expect(openHandler!({ url: 'https://docs.example.org/' })).toEqual({ action: 'deny' });
    expect(openHandler!({ url: appUrl(bundleApp) })).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://evil.example/', 'https://docs.example.org/']);
    let webviewPrevented = false;
    listeners.get('will-attach-webview')!({ preventDefault: () => (webviewPrevented = true) }, '');
    expect(webviewPrevented).toBe(true);
  });
});
