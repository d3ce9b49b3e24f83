import L from 'leaflet';
import { PMTiles } from 'pmtiles';
import { leafletLayer } from 'protomaps-leaflet';

/** Where the UI's server answers the configured PMTiles file (headless: server.ts). */
export const BASEMAP_PATH = '/basemap.pmtiles';
/** Shown when the admin's file does not name its own: Protomaps builds are made from OpenStreetMap data. */
export const BASEMAP_ATTRIBUTION = 'Basemap: Protomaps © OpenStreetMap contributors';

/**
 * The offline street basemap: vector tiles from one PMTiles file (pmtiles reads it by HTTP Range
 * requests), drawn on canvas by protomaps-leaflet (no WebGL needed) in the Protomaps basemap schema and
 * the flavour matching the theme. The file's own header says its deepest zoom (deeper views overzoom it)
 * and its attribution when its metadata has one. Resolves to null when the file cannot be read.
 */
export async function loadBasemapLayer(theme: 'dark' | 'light'): Promise<L.Layer | null> {
  const archive = new PMTiles(BASEMAP_PATH);
  try {
    const header = await archive.getHeader();
    const metadata = (await archive.getMetadata().catch(() => null)) as { attribution?: unknown } | null;
    const attribution = typeof metadata?.attribution === 'string' && metadata.attribution.trim() !== '' ? escapeHtml(metadata.attribution) : BASEMAP_ATTRIBUTION;
    // protomaps-leaflet extends the global L.GridLayer when its layer is made.
    (window as unknown as { L: typeof L }).L = L;
    return leafletLayer({ url: archive, flavor: theme, lang: 'en', maxDataZoom: header.maxZoom, attribution }) as unknown as L.Layer;
  } catch {
    return null;
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
