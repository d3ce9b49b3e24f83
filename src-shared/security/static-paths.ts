/**
 * What the two servers of the built renderer (headless mode's HTTP server and Electron's app://
 * protocol) share: which file a URL path names, and its MIME type. Pure, so both check paths the same way.
 */

const MIME_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json; charset=utf-8',
  map: 'application/json; charset=utf-8',
  geojson: 'application/geo+json',
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  txt: 'text/plain; charset=utf-8',
  wasm: 'application/wasm',
  pbf: 'application/x-protobuf',
};

/** The extension of the last path segment, lower case, without the dot ('' when none). */
export function extensionOf(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** MIME type for a file name; unknown types are served as bytes, never sniffed. */
export function mimeType(path: string): string {
  return MIME_TYPES[extensionOf(path)] ?? 'application/octet-stream';
}

/**
 * The relative file path (segments joined by '/') that a URL path names under the renderer's root,
 * '' for the root itself, or null when it could leave the root or is malformed: a '.' or '..' segment
 * (also percent-encoded), a backslash, a NUL byte, or a broken escape. Checked per decoded segment, so
 * an encoded '/' cannot smuggle a '..' past the check.
 */
export function staticRelativePath(pathname: string): string | null {
  const segments: string[] = [];
  for (const raw of pathname.split('/')) {
    if (raw === '') continue;
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return null;
    }
    if (segment === '.' || segment === '..' || /[\\/\0]/.test(segment)) return null;
    segments.push(segment);
  }
  return segments.join('/');
}
