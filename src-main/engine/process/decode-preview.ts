/**
 * The decoding preview (settings dialog, "Preview decoding"): the last messages of a profile's Kafka topic
 * (or, from an MQTT broker, which keeps no history, the retained messages and what arrives in 3 s),
 * each beside what its shape decodes it into — station, time with where the time came from, metrics
 * with units — or the rejection, in the words the quarantine would use. Readings pass the decoder's
 * own checks (station ids, the future bound) as on the live path. When not every sample decodes and
 * another preset decodes more of them, that preset is suggested.
 *
 * Messages read are kept for a minute per topic or subscription, so changing the preset or a mapping field
 * re-decodes them at once instead of reading the broker again. Asking again with the same shape (the
 * dialog's "Read again") reads afresh, so a live topic's newer messages show.
 */
import type { DecodePreview, PreviewReading, PreviewSample } from '../../../src-shared/ipc/contract';
import { metricInfo } from '../../../src-shared/domain/metrics';
import type { DecoderSettings, Profile } from '../../../src-shared/settings/schema';
import type { ShapeSettings } from '../../../src-shared/settings/shape';
import { Decoder } from '../../core/decoder/decoder';
import { ShapeDecoder, describeShapeProblem } from '../../core/shapes/shape-decoder';
import type { MessageMeta, ShapedReading } from '../../core/shapes/shape-decoder';
import { suggestPreset, type PresetSuggestion } from '../../core/shapes/suggest-preset';
import { peekMessages } from '../../adapters/kafka/peek-messages';
import type { PeekedMessage } from '../../adapters/kafka/peek-messages';
import { kafkaProblem } from '../../adapters/kafka/kafka-errors';
import { peekMqttMessages } from '../../adapters/mqtt/peek-mqtt';
import { topicLevel } from '../../../src-shared/settings/mqtt-topic';

/** Raw text shown per message; the rest is cut (and said to be). */
const RAW_CHARS = 2_000;
/** How long the MQTT preview listens for live messages besides the retained ones. */
const MQTT_WAIT_MS = 3_000;
/** How long read messages are reused for re-decoding with another shape. */
const SAMPLE_REUSE_MS = 60_000;

type Secrets = Readonly<Record<string, string>>;

interface CachedPeek {
  readonly key: string;
  /** The shape the messages were last decoded with: the same shape asked again means "read again". */
  readonly shape: string;
  readonly at: number;
  readonly limit: number;
  readonly messages: readonly PeekedMessage[];
}

let cached: CachedPeek | null = null;

/** The preview of `profile`'s source with its shape; `now` is the wall clock (the future bound, arrival times). */
export async function decodePreview(profile: Profile, secrets: Secrets, decoderSettings: DecoderSettings, limit: number, now: number): Promise<DecodePreview> {
  const source = profile.source;
  if (source.kind !== 'kafka' && source.kind !== 'mqtt') return empty(`The decoding preview reads from Kafka or MQTT; this profile's source is the ${source.kind}.`);
  const shapeProblem = describeShapeProblem(source.shape);
  if (shapeProblem !== null) return empty(`The mapping is not complete: ${shapeProblem}`);
  let messages: readonly PeekedMessage[];
  if (source.kind === 'mqtt') {
    try {
      // A broker keeps no history: the retained messages plus what arrives within a few seconds.
      messages = await reused(JSON.stringify(['mqtt', source.broker, source.subscriptions, source.tls, source.username]), source.shape, limit, now, () => peekMqttMessages(source, secrets, limit, MQTT_WAIT_MS));
    } catch (error) {
      return empty(`Could not read from the broker: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (messages.length === 0) return empty(`No message arrived on ${source.subscriptions.join(', ')} within ${MQTT_WAIT_MS / 1000} s, and none is retained there.`);
  } else {
    try {
      messages = await samplesOf(source, secrets, limit, now);
    } catch (error) {
      const problem = kafkaProblem(error, source);
      return empty(`Could not read the topic: ${problem.detail}. ${problem.hint}`);
    }
    if (messages.length === 0) return empty(`No messages in ${source.topics.join(', ')} yet.`);
  }
  return previewOf(messages, source.shape, decoderSettings, now, source.kind === 'mqtt' ? source.stationFromTopicSegment : null);
}

/**
 * Decodes read messages with `shape` (pure apart from the clock it is given); `stationLevel`: MQTT's station from
 * topic level (0-based), for messages that name none. Exported for tests.
 */
export function previewOf(messages: readonly PeekedMessage[], shape: ShapeSettings, decoderSettings: DecoderSettings, now: number, stationLevel: number | null = null): DecodePreview {
  const metaOf = (message: PeekedMessage): MessageMeta => ({ key: message.key, topic: message.topic, recordTimestampMs: message.timestampMs, receivedAt: now, station: stationLevel === null ? null : topicLevel(message.topic, stationLevel) });
  const shapes = new ShapeDecoder(shape, { maxMessageBytes: decoderSettings.maxMessageBytes, keys: decoderSettings });
  const decoder = new Decoder(decoderSettings);
  const samples: PreviewSample[] = [];
  let decoded = 0;
  for (const message of messages) {
    const meta = metaOf(message);
    const result = shapes.decode(message.value, meta);
    let outcome: PreviewSample['outcome'];
    if (!result.ok) outcome = { ok: false, reason: result.reason, detail: result.detail };
    else {
      const checked = validated(decoder, result.readings, now);
      outcome = checked;
      if (checked.ok && checked.readings.length > 0) decoded++;
    }
    samples.push({ position: `${message.topic} / partition ${message.partition} @ ${message.offset}`, recordTimestampMs: message.timestampMs, key: message.key === null ? null : textOf(message.key).text, ...rawOf(message.value), outcome });
  }
  // Only when nothing decodes (as the issue asks): a shape that decodes some messages is the admin's own choice, and a
  // candidate that "decodes more" may do so by taking the topic for every station or guessing the zone (found by a trial:
  // a flat profile refusing a keyless message and a skipped daylight-saving hour was offered one of those).
  let suggestion: DecodePreview['suggestion'] = null;
  if (decoded === 0) {
    const checker = new Decoder(decoderSettings);
    const accepts = (readings: readonly ShapedReading[]): boolean => readings.every((reading) => checker.validate(reading, now).ok);
    const best = suggestPreset(messages.map((m) => ({ bytes: m.value, meta: metaOf(m) })), decoderSettings, accepts);
    if (best !== null && !sameShape(best.shape, shape)) {
      suggestion = { shape: best.shape, decoded: best.decoded, detail: `The ${best.shape.preset} preset decodes ${best.decoded} of these ${messages.length} messages${guessesOf(best)}.` };
    }
  }
  return { samples, decoded, suggestion, problem: null };
}

/** Each reading through the decoder's checks; the first refused one refuses the message, as on the live path. */
function validated(decoder: Decoder, readings: readonly ShapedReading[], now: number): PreviewSample['outcome'] {
  const shown: PreviewReading[] = [];
  for (const reading of readings) {
    const result = decoder.validate(reading, now);
    if (!result.ok) return { ok: false, reason: result.reason, detail: readings.length > 1 ? `reading ${shown.length + 1} of ${readings.length}: ${result.detail}` : result.detail };
    const metrics = Object.entries(result.reading.metrics).map(([name, value]) => ({ name, value, unit: metricInfo(name).unit }));
    shown.push({ stationId: result.reading.stationId, ts: result.reading.ts, timeSource: reading.timeSource, metrics });
  }
  return { ok: true, readings: shown };
}

async function samplesOf(source: Extract<Profile['source'], { kind: 'kafka' }>, secrets: Secrets, limit: number, now: number): Promise<readonly PeekedMessage[]> {
  return reused(JSON.stringify(['kafka', source.brokers, source.topics, source.tls, source.sasl]), source.shape, limit, now, () => peekMessages(source, secrets, { limit }));
}

/**
 * The messages read for `key` within the last minute when the shape changed since (re-decoding them at
 * once), else freshly read ones (kept for the next change of shape).
 */
async function reused(key: string, shape: ShapeSettings, limit: number, now: number, read: () => Promise<readonly PeekedMessage[]>): Promise<readonly PeekedMessage[]> {
  const shapeText = JSON.stringify(shape);
  if (cached !== null && cached.key === key && cached.shape !== shapeText && cached.limit >= limit && now - cached.at < SAMPLE_REUSE_MS) {
    cached = { ...cached, shape: shapeText };
    return cached.messages.slice(-limit);
  }
  const messages = await read();
  cached = { key, shape: shapeText, at: now, limit, messages };
  return messages;
}

/** What a suggested shape guessed, for the admin to check before taking it. */
function guessesOf(suggestion: PresetSuggestion): string {
  const { shape } = suggestion;
  const notes: string[] = [];
  if (suggestion.timedByField < suggestion.decoded) notes.push('times from the record or arrival, not from the messages');
  if ((shape.preset === 'flat' || shape.preset === 'python-dict') && shape.station.from === 'topic') notes.push('every message under one station, named after the topic');
  if (shape.preset === 'flat' && shape.time.path !== null && shape.time.zone === 'UTC') notes.push('times without a zone read as UTC: set the zone if they are local');
  return notes.length === 0 ? '' : ` (${notes.join('; ')})`;
}

function rawOf(value: Uint8Array | null): { raw: string; rawTruncated: boolean } {
  if (value === null) return { raw: '(no value: a tombstone)', rawTruncated: false };
  const { text, binary } = textOf(value.subarray(0, RAW_CHARS * 4));
  const shown = binary ? `(not UTF-8 text) ${Buffer.from(value.subarray(0, 256)).toString('hex')}` : text.slice(0, RAW_CHARS);
  return { raw: shown, rawTruncated: binary ? value.length > 256 : text.length > RAW_CHARS || value.length > RAW_CHARS * 4 };
}

function textOf(bytes: Uint8Array): { text: string; binary: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), binary: false };
  } catch {
    return { text: new TextDecoder('utf-8').decode(bytes), binary: true };
  }
}

function sameShape(a: ShapeSettings, b: ShapeSettings): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function empty(problem: string): DecodePreview {
  return { samples: [], decoded: 0, suggestion: null, problem };
}
