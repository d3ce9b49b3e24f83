import type { DecoderSettings } from '../../../src-shared/settings/schema';
import { GenericMappingSchema, type GenericMapping, type ShapeSettings } from '../../../src-shared/settings/shape';

/** The decoder settings that name our own wire format's fields (the `stationwatch` preset follows them). */
export type WireFormatKeys = Pick<DecoderSettings, 'stationKey' | 'timeKey' | 'timeFormat' | 'metricKey' | 'valueKey'>;

const DEFAULT_KEYS: WireFormatKeys = { stationKey: 'station_id', timeKey: 'ts', timeFormat: 'iso', metricKey: 'metric', valueKey: 'value' };

/** The generic mapping a preset stands for: every preset is this mapping with its defaults filled in. */
export function presetToMapping(shape: ShapeSettings, keys: WireFormatKeys = DEFAULT_KEYS): GenericMapping {
  switch (shape.preset) {
    case 'stationwatch':
      return GenericMappingSchema.parse({
        station: { from: 'field', path: keys.stationKey },
        time: { path: keys.timeKey, format: keys.timeFormat },
        narrow: { metricPath: keys.metricKey, valuePath: keys.valueKey },
      });
    case 'sensor-logger':
      return GenericMappingSchema.parse({
        records: 'payload',
        station: { from: 'field', path: 'deviceId' },
        stationNames: shape.deviceNames,
        time: { path: 'time', format: 'epoch-ns' },
        metrics: { fields: shape.fields, valuesPath: 'values', nameFrom: 'name', ignore: ['seconds_elapsed', 'accuracy'] },
        groupByTime: shape.groupByTime,
      });
    case 'flat':
      return GenericMappingSchema.parse({ station: shape.station, stationNames: shape.stationNames, time: shape.time, metrics: { fields: shape.fields } });
    case 'python-dict':
      return GenericMappingSchema.parse({
        syntax: { kind: 'python' },
        station: shape.station,
        stationNames: shape.stationNames,
        time: shape.time,
        metrics: { fields: shape.fields },
      });
    case 'ttn-v3':
      return GenericMappingSchema.parse({
        records: 'uplink_message.decoded_payload',
        station: { from: 'field', path: 'end_device_ids.device_id' },
        stationNames: shape.deviceNames,
        time: { path: 'received_at', format: 'iso' },
        metrics: { fields: shape.fields },
      });
    case 'generic':
      return shape.mapping;
    default: {
      const unknown: never = shape;
      throw new Error(`unknown shape preset ${JSON.stringify(unknown)}`);
    }
  }
}
