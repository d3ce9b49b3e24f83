/**
 * Serves the admin's offline basemap (settings ui.basemapFile, one PMTiles file) at /basemap.pmtiles.
 * PMTiles is read by HTTP Range requests (a header, directories, then single tiles), so a byte range is
 * answered with 206 and exactly those bytes; a bad range with 416. The caller has authenticated.
 * https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseByteRange } from '../../src-shared/security/byte-range';
import { sendText } from './static-files';

/** The URL path the renderer reads the basemap from (src-renderer/map/basemap-layer.ts). */
export const BASEMAP_URL_PATH = '/basemap.pmtiles';

/** Answers a GET/HEAD for the configured basemap file; 404 with a plain hint when none is set or it is missing. */
export async function serveBasemap(request: IncomingMessage, response: ServerResponse, file: string | null): Promise<void> {
  if (file === null) return sendText(response, 404, 'No offline basemap is configured (Settings → General → Offline basemap file).');
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) return sendText(response, 404, 'The configured basemap file cannot be read.');
  const size = info.size;
  const range = parseByteRange(request.headers.range, size);
  const common = { 'Content-Type': 'application/vnd.pmtiles', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache', 'Last-Modified': info.mtime.toUTCString() };
  if (range === 'unsatisfiable') {
    response.writeHead(416, { ...common, 'Content-Range': `bytes */${size}` });
    return void response.end();
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  const headers = { ...common, 'Content-Length': String(Math.max(0, end - start + 1)) };
  if (range === null) response.writeHead(200, headers);
  else response.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` });
  if (request.method === 'HEAD' || size === 0) return void response.end();
  createReadStream(file, { start, end })
    .on('error', () => response.destroy())
    .pipe(response);
}
