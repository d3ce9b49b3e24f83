import { parse } from 'csv-parse/sync';
import type { Station } from '../../../src-shared/domain/station';
import { parseCalibrationDue, parseInstrumentClass, parseStationType } from './station-metadata-fields';

/** Stations read from a file, plus one plain message per row that could not be used. */
export interface StationImport {
  readonly stations: readonly Station[];
  readonly problems: readonly string[];
}

const aliases: Record<keyof Station, readonly string[]> = {
  id: ['id', 'station_id', 'station', 'code'],
  name: ['name', 'station_name', 'label'],
  district: ['district', 'area', 'borough', 'neighbourhood', 'neighborhood'],
  lat: ['lat', 'latitude', 'y'],
  lon: ['lon', 'lng', 'long', 'longitude', 'x'],
  stationType: ['type', 'station_type', 'station type', 'site_type', 'site type', 'stationtype'],
  instrumentClass: ['instrument', 'instrument_class', 'instrument class', 'instrumentclass', 'sensor_class', 'class'],
  calibrationDueAt: ['calibration_due', 'calibration due', 'calibrationdue', 'calibration_due_date', 'calibration_due_at', 'calibrationdueat', 'next_calibration'],
};

/**
 * CSV with a header row naming id, name, district, lat, lon and, optionally, type (traffic, urban
 * background, industrial, rural), instrument (reference, low-cost) and calibration_due (YYYY-MM-DD);
 * common aliases accepted, any order, any case. A blank metadata cell keeps what the registry has.
 */
export function parseStationsCsv(text: string): StationImport {
  const rows = parse(text, { columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  const stations: Station[] = [];
  const problems: string[] = [];
  rows.forEach((row, i) => {
    const result = toStation((key) => pick(row, aliases[key]), `row ${i + 2}`);
    if (typeof result === 'string') problems.push(result);
    else stations.push(result);
  });
  return { stations, problems };
}

/** A GeoJSON FeatureCollection of Point features (coordinates [lon, lat]); features without geometry become unplaced. */
export function parseStationsGeoJson(text: string): StationImport {
  const doc = JSON.parse(text) as { type?: unknown; features?: unknown };
  if (doc.type !== 'FeatureCollection' || !Array.isArray(doc.features)) return { stations: [], problems: ['not a GeoJSON FeatureCollection'] };
  const stations: Station[] = [];
  const problems: string[] = [];
  doc.features.forEach((feature: { id?: unknown; properties?: Record<string, unknown> | null; geometry?: { type?: unknown; coordinates?: unknown } | null }, i) => {
    const props = feature.properties ?? {};
    const geometry = feature.geometry;
    const coords = geometry?.type === 'Point' && Array.isArray(geometry.coordinates) ? geometry.coordinates : null;
    if (geometry && geometry.type !== 'Point') {
      problems.push(`feature ${i + 1}: geometry ${String(geometry.type)} is not a Point`);
      return;
    }
    const field = (key: keyof Station): unknown => {
      if (key === 'lon') return coords?.[0];
      if (key === 'lat') return coords?.[1];
      if (key === 'id') return pick(props, aliases.id) ?? feature.id;
      return pick(props, aliases[key]);
    };
    const result = toStation(field, `feature ${i + 1}`);
    if (typeof result === 'string') problems.push(result);
    else stations.push(result);
  });
  return { stations, problems };
}

/** Picks the parser by file extension (.csv, .geojson/.json), falling back on the content. */
export function parseStationFile(fileName: string, text: string): StationImport {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv')) return parseStationsCsv(text);
  if (lower.endsWith('.geojson') || lower.endsWith('.json') || text.trimStart().startsWith('{')) return parseStationsGeoJson(text);
  return parseStationsCsv(text);
}

function pick(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const [key, value] of Object.entries(record)) {
    if (names.includes(key.toLowerCase()) && value !== '' && value !== null && value !== undefined) return value;
  }
  return undefined;
}

function toStation(field: (key: keyof Station) => unknown, where: string): Station | string {
  const id = field('id');
  if (id === undefined || String(id).trim() === '') return `${where}: no station id`;
  const idText = String(id).trim();
  if (idText.length > 128) return `${where}: station id longer than 128 characters`;
  const lat = coordinate(field('lat'));
  const lon = coordinate(field('lon'));
  if (Number.isNaN(lat) || Number.isNaN(lon)) return `${where} (${idText}): coordinates are not numbers`;
  if (lat !== null && (lat < -90 || lat > 90)) return `${where} (${idText}): latitude ${lat} is outside -90..90`;
  if (lon !== null && (lon < -180 || lon > 180)) return `${where} (${idText}): longitude ${lon} is outside -180..180`;
  const stationType = parseStationType(field('stationType'));
  if ('problem' in stationType) return `${where} (${idText}): ${stationType.problem}`;
  const instrumentClass = parseInstrumentClass(field('instrumentClass'));
  if ('problem' in instrumentClass) return `${where} (${idText}): ${instrumentClass.problem}`;
  const calibrationDueAt = parseCalibrationDue(field('calibrationDueAt'));
  if ('problem' in calibrationDueAt) return `${where} (${idText}): ${calibrationDueAt.problem}`;
  // Half a coordinate cannot be placed on a map: treat it as unplaced.
  const placed = lat !== null && lon !== null;
  const station: Station = { id: idText, name: String(field('name') ?? idText).trim(), district: String(field('district') ?? '').trim(), lat: placed ? lat : null, lon: placed ? lon : null };
  // Metadata the file does not give stays absent, so an upsert keeps what the registry has.
  return {
    ...station,
    ...(stationType.value !== undefined ? { stationType: stationType.value } : {}),
    ...(instrumentClass.value !== undefined ? { instrumentClass: instrumentClass.value } : {}),
    ...(calibrationDueAt.value !== undefined ? { calibrationDueAt: calibrationDueAt.value } : {}),
  };
}

function coordinate(value: unknown): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  return Number.isFinite(n) ? n : NaN;
}
