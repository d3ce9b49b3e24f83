import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bundledWorker, unpackedUrl } from './bundled-worker';

describe('the bundled PGlite worker', () => {
  it('is taken from app.asar.unpacked when the engine runs from inside app.asar, where a worker thread cannot start', () => {
    expect(unpackedUrl(pathToFileURL('/opt/Stationwatch/resources/app.asar/dist/engine/pglite-worker.cjs')).href).toBe(pathToFileURL('/opt/Stationwatch/resources/app.asar.unpacked/dist/engine/pglite-worker.cjs').href);
    expect(unpackedUrl(pathToFileURL('/home/me/stationwatch/dist/engine/pglite-worker.cjs')).href).toBe(pathToFileURL('/home/me/stationwatch/dist/engine/pglite-worker.cjs').href);
  });

  it('is none when the engine runs from source, and a bundle built without digests refuses to guess', () => {
    expect(bundledWorker(import.meta.url)).toBeNull();
    expect(() => bundledWorker('file:///opt/app/dist/engine/engine-entry.cjs')).toThrow(/carries no digests/);
  });
});
