import { reject, type DecodeFailure } from '../decoder/reject-reason';
import type { CompiledShape } from './compiled-shape';
import { describeMissing, valueAt } from './field-path';
import type { MessageMeta } from './shape-decoder';
import { LongInteger, describeValue } from './values';

type Fields = Record<string, unknown>;

/**
 * The station of a record from its station field (or, when the record lacks it, the message around
 * it): a text, or a non-negative integer as its digits (7 → "7"), renamed by stationNames. The id
 * rules (length, characters, the reserved "*") are Decoder.validate()'s, not repeated here.
 */
export function readStation(shape: CompiledShape, record: Fields, envelope: Fields | null): string | DecodeFailure {
  const path = shape.stationPath;
  if (path === null) return reject('no-station', 'the shape takes no station field');
  let raw = valueAt(record, path);
  if (raw === undefined && envelope !== null) raw = valueAt(envelope, path);
  let id: string;
  if (typeof raw === 'string') id = raw;
  else if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) id = String(raw);
  else if (raw instanceof LongInteger && raw.digits.charCodeAt(0) !== 0x2d) id = raw.digits;
  else if (raw === undefined || raw === null) return reject('no-station', `station field ${describeMissing(envelope !== null && valueAt(record, path) === undefined ? envelope : record, path)}`);
  else return reject('invalid-station', `station field "${path.text}" is ${describeValue(raw)}; expected a text or a non-negative integer`);
  return shape.stationNames.get(id) ?? id;
}

/** The station of every message for shapes without a station field: fixed, the Kafka key, or the topic (or one of its segments). */
export function stationFromMeta(shape: CompiledShape, meta: MessageMeta, utf8: { decode(bytes: Uint8Array): string }): string | DecodeFailure {
  const { station } = shape.mapping;
  let id: string;
  switch (station.from) {
    case 'field':
      return reject('no-station', 'the station comes from a field');
    case 'fixed':
      id = station.id;
      break;
    case 'key': {
      if (meta.key === null) return reject('no-station', 'the message has no key; this shape takes the station from the Kafka message key');
      if (meta.key.length === 0) return reject('no-station', 'the message key is empty; this shape takes the station from the Kafka message key');
      try {
        id = utf8.decode(meta.key);
      } catch {
        return reject('invalid-station', 'the message key is not valid UTF-8 text; this shape takes the station from the Kafka message key');
      }
      break;
    }
    case 'topic': {
      if (meta.topic === null) return reject('no-station', 'the message has no topic; this shape takes the station from the topic');
      if (station.segment === null) id = meta.topic;
      else {
        const segment = meta.topic.split('/')[station.segment];
        if (segment === undefined || segment.length === 0) return reject('no-station', `topic ${JSON.stringify(meta.topic)} has no segment ${station.segment} (counting from 0); this shape takes the station from it`);
        id = segment;
      }
      break;
    }
  }
  return shape.stationNames.get(id) ?? id;
}

/** When the shape found no station (`failure`), the one the source names for the message (meta.station), renamed by stationNames; else the failure. */
export function stationOfSource(shape: CompiledShape, meta: MessageMeta, failure: DecodeFailure): string | DecodeFailure {
  if (failure.reason !== 'no-station' || meta.station === undefined || meta.station === null) return failure;
  return shape.stationNames.get(meta.station) ?? meta.station;
}
