/**
 * Serves the built renderer: correct MIME types, no escape from the root, a strict CSP on every
 * response, and an SPA fallback to index.html for extension-less paths.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

/** The CSP for the renderer: own scripts only, no framing, no plugins; map tiles may come from https. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https:",
  "connect-src 'self'",
  "font-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.pbf': 'application/x-protobuf',
};

/** Headers every response of the server carries. */
export function securityHeaders(): Record<string, string> {
  return { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'X-Frame-Options': 'DENY' };
}

/** MIME type for a file name; unknown types are served as bytes, never sniffed. */
export function mimeType(path: string): string {
  return MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` a URL path names, or null when it would leave the root (encoded `..`,
 * NUL bytes, malformed escapes).
 */
export function resolveStaticPath(root: string, pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const base = resolve(root);
  const full = resolve(base, '.' + (decoded.startsWith('/') ? decoded : '/' + decoded));
  return full === base || full.startsWith(base + sep) ? full : null;
}

/** Answer a GET/HEAD for a static file under `root`. */
export async function serveStatic(request: IncomingMessage, response: ServerResponse, root: string): Promise<void> {
  const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
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
