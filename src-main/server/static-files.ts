/**
 * Serves the built renderer: correct MIME types, no escape from the root, the settings' CSP on every
 * response (server.ts), and an SPA fallback to index.html for extension-less paths.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { mimeType, staticRelativePath } from '../../src-shared/security/static-paths';

/** Headers every response of the server carries; `csp` is buildCsp of the settings in force. */
export function securityHeaders(csp: string): Record<string, string> {
  return { 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
}

/** The file under `root` a URL path names, or null when it would leave the root (see staticRelativePath). */
export function resolveStaticPath(root: string, pathname: string): string | null {
  const relative = staticRelativePath(pathname);
  return relative === null ? null : join(resolve(root), relative);
}

/** Answer a GET/HEAD for the static file under `root` that `pathname` (already parsed by the caller) names. */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, root: string, pathname: string): Promise<void> {
  const path = resolveStaticPath(root, pathname);
  if (path === null) return void sendText(response, 404, 'Not found');
  const index = join(root, 'index.html');
  if (!(await isFile(index))) {
    return void sendText(response, 200, 'Stationwatch: the renderer is not built yet. Run npm run build, then reload this page.');
  }
  let file = path.endsWith(sep) || path === resolve(root) ? index : path;
  if (!(await isFile(file))) {
    // Client-side routes have no extension; a missing asset is a real 404.
    if (extname(pathname) !== '') return void sendText(response, 404, 'Not found');
    file = index;
  }
  const isIndex = file === index;
  response.writeHead(200, { 'Content-Type': mimeType(file), 'Cache-Control': isIndex ? 'no-cache' : 'public, max-age=3600' });
  if (request.method === 'HEAD') return void response.end();
  createReadStream(file)
    .on('error', () => response.destroy())
    .pipe(response);
}

/** A short plain-text answer. */
export function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
  response.end(text);
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
