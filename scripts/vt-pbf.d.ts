// vt-pbf ships no types: the one function make-basemap.ts uses.
declare module 'vt-pbf' {
  import type geojsonvt from 'geojson-vt';
  const vtpbf: {
    /** Encodes geojson-vt tiles, one per layer name, as one Mapbox Vector Tile. */
    fromGeojsonVt(layers: Record<string, geojsonvt.Tile>, options?: { version?: number; extent?: number }): Uint8Array;
  };
  export default vtpbf;
}
