import { ShapeSchema, type ShapeSettings } from '../../../src-shared/settings/shape';
import type { DecodeFailure } from '../decoder/reject-reason';
import type { WireFormatKeys } from './preset-mapping';
import { ShapeDecoder, type MessageMeta, type ShapedReading } from './shape-decoder';

/** One raw message as the preview read it. */
export interface ShapeSample {
  readonly bytes: Uint8Array | null;
  readonly meta: MessageMeta;
}

/** How well one candidate shape decodes the samples. */
export interface PresetSuggestion {
  readonly shape: ShapeSettings;
  /** Samples that gave at least one reading. */
  readonly decoded: number;
  /** Of those, the samples whose times all came from a field of the message (the measurement time, not a stand-in). */
  readonly timedByField: number;
  readonly total: number;
  /** The first rejection, to show beside the suggestion; null when every sample decoded. */
  readonly firstProblem: DecodeFailure | null;
}

/** Time fields the flat preset is tried with, most specific first. */
const TIME_FIELD_GUESSES = ['date_time', 'datetime', 'timestamp', 'time', 'ts', 'date', 'received_at'];

/**
 * Every candidate shape ranked by how many samples it decodes with the measurement time found in the
 * messages, then by how many it decodes at all (best first; on a tie, the order below). Candidates are the presets with their defaults, plus the flat and Python presets
 * with the station from the key or the topic (whichever the samples carry) and, for flat, a time
 * field guessed from the first JSON sample. Readings are not validated here (ids, caps, future
 * bound), so a count is "fits the shape", not "will be accepted".
 */
export function rankPresets(samples: readonly ShapeSample[], keys?: WireFormatKeys, accepts?: ReadingsCheck): PresetSuggestion[] {
  const ranked = candidateShapes(samples).map((shape, order) => ({ order, suggestion: score(shape, samples, keys, accepts) }));
  // The measurement time first: a shape that reads it from the messages beats one that decodes more by standing in the record's time.
  ranked.sort((a, b) => b.suggestion.timedByField - a.suggestion.timedByField || b.suggestion.decoded - a.suggestion.decoded || a.order - b.order);
  return ranked.map((entry) => entry.suggestion);
}

/**
 * Whether a sample's readings would be accepted (the decoder's checks: ids, caps, the future bound), so a
 * candidate's count is compared like for like with the profile's own, which the preview validates.
 */
export type ReadingsCheck = (readings: readonly ShapedReading[]) => boolean;

/** The shape that decodes the most samples, or null when none decodes any (the preview's "try this preset"). */
export function suggestPreset(samples: readonly ShapeSample[], keys?: WireFormatKeys, accepts?: ReadingsCheck): PresetSuggestion | null {
  const best = rankPresets(samples, keys, accepts)[0];
  return best !== undefined && best.decoded > 0 ? best : null;
}

function score(shape: ShapeSettings, samples: readonly ShapeSample[], keys: WireFormatKeys | undefined, accepts: ReadingsCheck | undefined): PresetSuggestion {
  const decoder = new ShapeDecoder(shape, keys === undefined ? {} : { keys });
  let decoded = 0;
  let timedByField = 0;
  let firstProblem: DecodeFailure | null = null;
  for (const sample of samples) {
    const result = decoder.decode(sample.bytes, sample.meta);
    if (result.ok && result.readings.length > 0 && (accepts === undefined || accepts(result.readings))) {
      decoded++;
      if (result.readings.every((reading) => reading.timeSource === 'field')) timedByField++;
    } else if (!result.ok && firstProblem === null) firstProblem = result;
  }
  return { shape, decoded, timedByField, total: samples.length, firstProblem };
}

function candidateShapes(samples: readonly ShapeSample[]): ShapeSettings[] {
  const stations: unknown[] = [];
  if (samples.some((sample) => sample.meta.key !== null && sample.meta.key.length > 0)) stations.push({ from: 'key' });
  if (samples.some((sample) => sample.meta.topic !== null)) stations.push({ from: 'topic' });
  const timeField = guessTimeField(samples);
  const shapes: unknown[] = [{ preset: 'stationwatch' }, { preset: 'sensor-logger' }, { preset: 'ttn-v3' }, { preset: 'python-dict' }];
  for (const station of stations) shapes.push({ preset: 'python-dict', station });
  for (const station of stations) shapes.push({ preset: 'flat', station, time: { path: timeField, zone: 'UTC', otherwise: timeField === null ? 'record' : 'reject' } });
  return shapes.map((shape) => ShapeSchema.parse(shape));
}

/** The first guessed time field present in the first sample that is a JSON object, or null. */
function guessTimeField(samples: readonly ShapeSample[]): string | null {
  const decoder = new TextDecoder();
  for (const sample of samples) {
    if (sample.bytes === null || sample.bytes.length === 0 || sample.bytes.length > 65_536) continue;
    let value: unknown;
    try {
      value = JSON.parse(decoder.decode(sample.bytes));
    } catch {
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    return TIME_FIELD_GUESSES.find((name) => Object.hasOwn(value, name)) ?? null;
  }
  return null;
}
