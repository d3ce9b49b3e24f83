/**
 * The station registry file format: a JSON array of stations `{ id, name, district, lat, lon }`, with
 * the optional air-quality metadata `stationType`, `instrumentClass` and `calibrationDue` ("YYYY-MM-DD").
 * The simulator writes one for its generated city; a real city's registry is imported the same way.
 */
import { z } from 'zod';
import { CITY_STATION_ID } from '../../../src-shared/domain/reading';
import { INSTRUMENT_CLASSES, STATION_TYPES, type InstrumentClass, type Station, type StationType } from '../../../src-shared/domain/station';
import { formatCalibrationDue, parseCalibrationDue } from '../stations-import/station-metadata-fields';

/** Same identifier rule as the decoder: no C0 controls, DEL or C1 controls. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code <= 0x1f || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/** One registry entry; coordinates may be null for a station not placed on the map yet. */
export const StationEntrySchema = z.object({
  id: z
    .string()
    .min(1)
    .max(128)
    .refine((id) => !hasControlCharacter(id), 'Station id contains a control character')
    .refine((id) => id !== CITY_STATION_ID, `"${CITY_STATION_ID}" is reserved for city-wide aggregates`),
  name: z.string().min(1).max(200),
  district: z.string().max(200).default(''),
  lat: z.number().min(-90).max(90).nullable().default(null),
  lon: z.number().min(-180).max(180).nullable().default(null),
  stationType: z.enum(STATION_TYPES as [StationType, ...StationType[]]).nullable().optional(),
  instrumentClass: z.enum(INSTRUMENT_CLASSES as [InstrumentClass, ...InstrumentClass[]]).nullable().optional(),
  calibrationDue: z
    .string()
    .nullable()
    .optional()
    .superRefine((text, ctx) => {
      const parsed = parseCalibrationDue(text);
      if ('problem' in parsed) ctx.addIssue({ code: 'custom', message: parsed.problem });
    }),
});

/** A whole registry: station ids must be unique. */
export const StationRegistrySchema = z.array(StationEntrySchema).superRefine((stations, ctx) => {
  const seen = new Set<string>();
  stations.forEach((station, index) => {
    if (seen.has(station.id)) ctx.addIssue({ code: 'custom', message: `Duplicate station id "${station.id}"`, path: [index, 'id'] });
    seen.add(station.id);
  });
});

/** The outcome of reading a registry file: the stations, or a plain-language reason. */
export type StationRegistryResult = { readonly ok: true; readonly stations: Station[] } | { readonly ok: false; readonly error: string };

/** Parses registry JSON text; never throws. */
export function parseStationRegistry(text: string): StationRegistryResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `Not JSON: ${(error as Error).message}` };
  }
  const parsed = StationRegistrySchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: `Invalid station registry${where}: ${issue?.message ?? 'unknown problem'}` };
  }
  return { ok: true, stations: parsed.data.map(toStation) };
}

function toStation(entry: z.infer<typeof StationEntrySchema>): Station {
  const { calibrationDue, ...rest } = entry;
  const station: Station = rest;
  if (calibrationDue === undefined) return station;
  const parsed = parseCalibrationDue(calibrationDue);
  return { ...station, calibrationDueAt: 'value' in parsed && parsed.value !== undefined ? parsed.value : null };
}

/** Serialises stations in the registry format (one station per line, so diffs stay readable). */
export function formatStationRegistry(stations: readonly Station[]): string {
  const lines = stations.map((s) => '  ' + JSON.stringify({ id: s.id, name: s.name, district: s.district, lat: s.lat, lon: s.lon, ...metadataOf(s) }));
  return lines.length === 0 ? '[]\n' : `[\n${lines.join(',\n')}\n]\n`;
}

/** The metadata fields a station has, in file form (absent ones stay absent). */
function metadataOf(s: Station): Record<string, string | null> {
  const fields: Record<string, string | null> = {};
  if (s.stationType !== undefined) fields.stationType = s.stationType;
  if (s.instrumentClass !== undefined) fields.instrumentClass = s.instrumentClass;
  if (s.calibrationDueAt !== undefined) fields.calibrationDue = s.calibrationDueAt === null ? null : formatCalibrationDue(s.calibrationDueAt);
  return fields;
}
