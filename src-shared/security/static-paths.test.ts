import { describe, expect, it } from 'vitest';
import { mimeType, staticRelativePath } from './static-paths';

describe('staticRelativePath', () => {
  it('names files under the root', () => {
    expect(staticRelativePath('/')).toBe('');
    expect(staticRelativePath('/index.html')).toBe('index.html');
    expect(staticRelativePath('/assets/index-abc.js')).toBe('assets/index-abc.js');
    expect(staticRelativePath('/map/district%20one.geojson')).toBe('map/district one.geojson');
  });

  it('refuses every way out of the root', () => {
    for (const path of ['/../etc/passwd', '/assets/../../x', '/%2e%2e/x', '/%2E%2E/x', '/a/%2e/b', '/..%2fetc', '/a%2f..%2f..%2fx', '/a%5c..%5cx', '/a\\b', '/a%00b', '/%E0%A4%A']) {
      expect(staticRelativePath(path), path).toBeNull();
    }
  });
});

describe('mimeType', () => {
  it('knows the renderer’s files and never guesses the rest', () => {
    expect(mimeType('index.html')).toBe('text/html; charset=utf-8');
    expect(mimeType('assets/x.JS')).toBe('text/javascript; charset=utf-8');
    expect(mimeType('districts.geojson')).toBe('application/geo+json');
    expect(mimeType('archive.tar')).toBe('application/octet-stream');
    expect(mimeType('.hidden')).toBe('application/octet-stream');
    expect(mimeType('README')).toBe('application/octet-stream');
  });
});
