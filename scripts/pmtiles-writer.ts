/**
 * A small PMTiles v3 writer: tiles in Hilbert order, one root directory (no leaf directories: enough for
 * a city's basemap of a few thousand tiles), uncompressed directories and tiles, JSON metadata.
 * https://github.com/protomaps/PMTiles/blob/main/spec/v3/spec.md
 */
import { zxyToTileId } from 'pmtiles';

/** One tile: its z/x/y and its bytes (an MVT, for a vector basemap). */
export interface PmtilesTile {
  readonly z: number;
  readonly x: number;
  readonly y: number;
  readonly data: Uint8Array;
}

export interface PmtilesArchive {
  readonly tiles: readonly PmtilesTile[];
  readonly metadata: Readonly<Record<string, unknown>>;
  /** [west, south, east, north] in degrees. */
  readonly bounds: readonly [number, number, number, number];
  readonly center: readonly [number, number, number];
}

const HEADER_BYTES = 127;
/** The spec keeps the header and root directory within the first 16 KiB, so one read finds both. */
const MAX_ROOT_BYTES = 16_384 - HEADER_BYTES;
const COMPRESSION_NONE = 1;
const TILE_TYPE_MVT = 1;

/** The whole archive's bytes. Throws (in plain words) when the root directory would need leaf directories. */
export function writePmtiles(archive: PmtilesArchive): Uint8Array {
  if (archive.tiles.length === 0) throw new Error('A basemap needs at least one tile.');
  const sorted = archive.tiles.map((t) => ({ id: zxyToTileId(t.z, t.x, t.y), tile: t })).sort((a, b) => a.id - b.id);
  const entries: { id: number; offset: number; length: number }[] = [];
  let offset = 0;
  for (const { id, tile } of sorted) {
    entries.push({ id, offset, length: tile.data.length });
    offset += tile.data.length;
  }
  const directory = encodeDirectory(entries);
  if (directory.length > MAX_ROOT_BYTES) throw new Error(`The basemap has too many tiles (${entries.length}) for one root directory; use fewer zoom levels or a smaller area.`);
  const metadata = new TextEncoder().encode(JSON.stringify(archive.metadata));
  const tileData = offset;
  const rootOffset = HEADER_BYTES;
  const metadataOffset = rootOffset + directory.length;
  const tileDataOffset = metadataOffset + metadata.length;
  const out = new Uint8Array(tileDataOffset + tileData);
  const view = new DataView(out.buffer);
  out.set(new TextEncoder().encode('PMTiles'), 0);
  out[7] = 3;
  const u64 = (at: number, value: number): void => view.setBigUint64(at, BigInt(value), true);
  u64(8, rootOffset);
  u64(16, directory.length);
  u64(24, metadataOffset);
  u64(32, metadata.length);
  u64(40, tileDataOffset); // No leaf directories: offset anywhere, length 0.
  u64(48, 0);
  u64(56, tileDataOffset);
  u64(64, tileData);
  u64(72, entries.length);
  u64(80, entries.length);
  u64(88, entries.length);
  out[96] = 1; // Clustered: tile data in TileID order.
  out[97] = COMPRESSION_NONE;
  out[98] = COMPRESSION_NONE;
  out[99] = TILE_TYPE_MVT;
  out[100] = Math.min(...archive.tiles.map((t) => t.z));
  out[101] = Math.max(...archive.tiles.map((t) => t.z));
  const e7 = (at: number, degrees: number): void => view.setInt32(at, Math.round(degrees * 1e7), true);
  const [west, south, east, north] = archive.bounds;
  e7(102, west);
  e7(106, south);
  e7(110, east);
  e7(114, north);
  out[118] = archive.center[2];
  e7(119, archive.center[0]);
  e7(123, archive.center[1]);
  out.set(directory, rootOffset);
  out.set(metadata, metadataOffset);
  for (let i = 0; i < sorted.length; i++) out.set(sorted[i]!.tile.data, tileDataOffset + entries[i]!.offset);
  return out;
}

/** A directory: count, delta-encoded ids, run lengths (1 each), lengths, offsets (0 = right after the previous). */
function encodeDirectory(entries: readonly { id: number; offset: number; length: number }[]): Uint8Array {
  const bytes: number[] = [];
  writeVarint(bytes, entries.length);
  let last = 0;
  for (const e of entries) {
    writeVarint(bytes, e.id - last);
    last = e.id;
  }
  for (let i = 0; i < entries.length; i++) writeVarint(bytes, 1);
  for (const e of entries) writeVarint(bytes, e.length);
  entries.forEach((e, i) => {
    const previous = entries[i - 1];
    writeVarint(bytes, i > 0 && previous !== undefined && e.offset === previous.offset + previous.length ? 0 : e.offset + 1);
  });
  return Uint8Array.from(bytes);
}

/** Unsigned LEB128, for values up to 2^53 (plain arithmetic: bit operators stop at 32 bits). */
function writeVarint(out: number[], value: number): void {
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
}
