import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Store } from '../../core/ports';
import { parseStationFile } from './parse-stations';
import type { StationImport } from './parse-stations';

/** Reads a CSV or GeoJSON station registry and upserts it; returns what was imported and what was not. */
export async function importStationsFile(path: string, store: Pick<Store, 'upsertStations'>): Promise<StationImport> {
  const result = parseStationFile(basename(path), await readFile(path, 'utf8'));
  if (result.stations.length > 0) await store.upsertStations(result.stations);
  return result;
}
