/**
 * The built renderer served on app://stationwatch/ instead of file:// (Electron security checklist
 * #18, "avoid file://"): the page gets a real origin, cannot read other local files, and every response
 * carries the CSP built from the settings in force — a header, which file:// pages cannot have, so the
 * tile host the settings name is exactly what the page may load images from.
 * https://www.electronjs.org/docs/latest/tutorial/security#18-avoid-usage-of-the-file-protocol-and-prefer-usage-of-custom-protocols
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { extensionOf, mimeType, staticRelativePath } from '../../../src-shared/security/static-paths';
import { parseByteRange } from '../../../src-shared/security/byte-range';

/** The scheme and host of the app's own pages; registered privileged before the app is ready. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'stationwatch';
/** Privileges for protocol.registerSchemesAsPrivileged: a standard, secure origin that fetch and module scripts accept. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true } as const;

/** Where the page reads the offline basemap (src-renderer/map/basemap-layer.ts). */
const BASEMAP_PATH = '/basemap.pmtiles';

/**
 * A protocol.handle handler serving files under `rootDir`, each response with the CSP `csp()` returns now,
 * and at /basemap.pmtiles the file `basemapFile()` names (settings ui.basemapFile), by byte range.
 */
export function appProtocolHandler(rootDir: string, csp: () => string, read: (path: string) => Promise<Uint8Array> = readFile, basemapFile: () => string | null = () => null): (request: Request) => Promise<Response> {
  return async (request) => {
    const url = new URL(request.url);
    if (url.host === APP_HOST && url.pathname === BASEMAP_PATH) return basemapResponse(basemapFile(), request.headers.get('range'));
    const relative = url.host === APP_HOST ? staticRelativePath(url.pathname) : null;
    if (relative === null) return notFound();
    const headers = (file: string): Record<string, string> => ({ 'Content-Type': mimeType(file), 'Content-Security-Policy': csp(), 'X-Content-Type-Options': 'nosniff' });
    const file = relative === '' ? 'index.html' : relative;
    try {
      return new Response(body(await read(join(rootDir, file))), { headers: headers(file) });
    } catch {
      // Client-side routes have no extension and get the page; a missing asset is a real 404.
      if (extensionOf(file) !== '') return notFound();
      return new Response(body(await read(join(rootDir, 'index.html'))), { headers: headers('index.html') });
    }
  };
}

/** File bytes as a response body: readFile's buffers sit on a plain ArrayBuffer, never a shared one. */
function body(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return bytes as Uint8Array<ArrayBuffer>;
}

/** The basemap file, or the byte range PMTiles asked for (206), like headless mode's server/basemap-file.ts. */
async function basemapResponse(file: string | null, rangeHeader: string | null): Promise<Response> {
  if (file === null) return notFound();
  const handle = await open(file, 'r').catch(() => null);
  if (handle === null) return notFound();
  try {
    const size = (await handle.stat()).size;
    const range = parseByteRange(rangeHeader, size);
    const headers = { 'Content-Type': 'application/vnd.pmtiles', 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache' };
    if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
    const { start, end } = range ?? { start: 0, end: size - 1 };
    const bytes = new Uint8Array(Math.max(0, end - start + 1));
    if (bytes.length > 0) await handle.read(bytes, 0, bytes.length, start);
    if (range === null) return new Response(bytes, { headers });
    return new Response(bytes, { status: 206, headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${size}` } });
  } finally {
    await handle.close();
  }
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
}
