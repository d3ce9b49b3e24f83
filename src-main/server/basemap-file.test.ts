import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { engineEntry } from '../engine/host/engine-entry-path';
import { startServer } from './server';
import type { RunningServer } from './server';

const echoEntry = engineEntry(join(import.meta.dirname, '..', 'engine', 'host', 'fixtures', 'echo-engine-entry.ts'));
const site = mkdtempSync(join(tmpdir(), 'sw-basemap-'));
const rendererDir = join(site, 'renderer');
mkdirSync(rendererDir, { recursive: true });
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stationwatch</title>');
const basemap = join(site, 'city.pmtiles');
const BYTES = Buffer.from('PMTiles\u0003 — header, directories and tiles');
writeFileSync(basemap, BYTES);
const TOKEN = 'viewer-secret-for-basemap';

describe('/basemap.pmtiles in headless mode', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const settings = SettingsSchema.parse({ ui: { basemapFile: basemap } });
    server = await startServer({ engineOptions: { settings, secrets: {}, dataDir: site, operator: 'duty' }, port: 0, rendererDir, engineEntry: echoEntry, tokens: { viewer: TOKEN } });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses a caller without the token before looking at the file', async () => {
    const response = await fetch(`${server.url}/basemap.pmtiles`, { headers: { Range: 'bytes=0-6' } });
    expect(response.status).toBe(401);
    expect(await response.text()).not.toContain('PMTiles');
  });

  it('answers byte ranges (206), the whole file (200) and a range past the end (416)', async () => {
    const auth = { Authorization: `Bearer ${TOKEN}` };
    const head = await fetch(`${server.url}/basemap.pmtiles`, { headers: { ...auth, Range: 'bytes=0-6' } });
    expect([head.status, head.headers.get('content-range'), head.headers.get('accept-ranges'), await head.text()]).toEqual([206, `bytes 0-6/${BYTES.length}`, 'bytes', 'PMTiles']);
    const tail = await fetch(`${server.url}/basemap.pmtiles`, { headers: { ...auth, Range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(BYTES.subarray(BYTES.length - 5));
    const whole = await fetch(`${server.url}/basemap.pmtiles`, { headers: auth });
    expect([whole.status, Buffer.from(await whole.arrayBuffer()).equals(BYTES)]).toEqual([200, true]);
    const past = await fetch(`${server.url}/basemap.pmtiles`, { headers: { ...auth, Range: `bytes=${BYTES.length}-` } });
    expect([past.status, past.headers.get('content-range')]).toEqual([416, `bytes */${BYTES.length}`]);
  });
});
