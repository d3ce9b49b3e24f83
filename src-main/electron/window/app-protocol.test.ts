import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildCsp } from '../../../src-shared/security/csp';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';
import { appProtocolHandler } from './app-protocol';

let root: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'sw-app-protocol-'));
  root = join(dir, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<title>Stationwatch</title>');
  writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'do not serve');
});

describe('app:// protocol handler', () => {
  it('serves the bundle with MIME types and the CSP of the settings in force at each request', async () => {
    let settings: Settings = SettingsSchema.parse({});
    const handle = appProtocolHandler(root, () => buildCsp(settings));
    const index = await handle(new Request('app://stationwatch/index.html'));
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await index.text()).toBe('<title>Stationwatch</title>');
    expect(index.headers.get('content-security-policy')).toContain("img-src 'self' data:;");

    settings = SettingsSchema.parse({ ui: { tileUrl: 'https://tiles.city.example/{z}/{x}/{y}.png' } });
    const reloaded = await handle(new Request('app://stationwatch/'));
    expect(reloaded.headers.get('content-security-policy')).toContain("img-src 'self' data: https://tiles.city.example;");
    const script = await handle(new Request('app://stationwatch/assets/app.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('gives client-side routes the page and refuses missing assets, other hosts and every way out of the root', async () => {
    const handle = appProtocolHandler(root, () => "default-src 'self'");
    expect(await (await handle(new Request('app://stationwatch/alarms'))).text()).toContain('Stationwatch');
    expect((await handle(new Request('app://stationwatch/assets/missing.js'))).status).toBe(404);
    expect((await handle(new Request('app://elsewhere/index.html'))).status).toBe(404);
    for (const path of ['/%2e%2e/secret.txt', '/..%2fsecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/%00', '/%E0%A4%A']) {
      const response = await handle(new Request(`app://stationwatch${path}`));
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('do not serve');
    }
  });

  it('answers the configured offline basemap at /basemap.pmtiles by byte range, and nothing when none is set', async () => {
    const file = join(root, '..', 'city.pmtiles');
    writeFileSync(file, 'PMTiles\u0003 and the rest of the archive');
    let basemap: string | null = null;
    const handle = appProtocolHandler(root, () => "default-src 'self'", undefined, () => basemap);
    expect((await handle(new Request('app://stationwatch/basemap.pmtiles'))).status).toBe(404);
    basemap = file;
    const head = await handle(new Request('app://stationwatch/basemap.pmtiles', { headers: { Range: 'bytes=0-6' } }));
    expect([head.status, head.headers.get('content-range'), await head.text()]).toEqual([206, 'bytes 0-6/36', 'PMTiles']);
    const whole = await handle(new Request('app://stationwatch/basemap.pmtiles'));
    expect([whole.status, (await whole.arrayBuffer()).byteLength]).toEqual([200, 36]);
    expect((await handle(new Request('app://stationwatch/basemap.pmtiles', { headers: { Range: 'bytes=40-' } }))).status).toBe(416);
  });
});
