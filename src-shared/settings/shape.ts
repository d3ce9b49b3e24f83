import { z } from 'zod';

/**
 * Message shapes: how the bytes of other systems' messages map onto a station, an event time and
 * metrics. Every preset is the generic mapping with its defaults filled in
 * (src-main/core/shapes/preset-mapping.ts); `generic` exposes the whole mapping.
 */

/** Source units a mapped field may be in; each converts into its metric's catalogue unit (src-main/core/shapes/units.ts). */
export const UNITS = ['degC', 'degF', 'K', 'hPa', 'Pa', 'kPa', 'mbar', 'inHg', 'm/s', 'km/h', 'mph', 'knots', 'mm/h', 'in/h'] as const;
export const UnitSchema = z.enum(UNITS);
export type Unit = z.infer<typeof UnitSchema>;

const MAX_PATH_SEGMENTS = 16;

/** A field path into nested data: `data.sensors.temp`; a segment of digits also indexes an array (`rx_metadata.0.rssi`). */
export const FieldPathSchema = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((path) => path.split('.').every((segment) => segment.length > 0), 'a field path is names separated by dots, with no empty name (e.g. data.sensors.temp)')
  .refine((path) => path.split('.').length <= MAX_PATH_SEGMENTS, `a field path has at most ${MAX_PATH_SEGMENTS} names`);

/** True when the runtime's ICU knows `zone` as an IANA time zone. */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone such as `Europe/Amsterdam` or `UTC`. */
export const TimeZoneSchema = z.string().trim().min(1).refine(isTimeZone, 'not a known IANA time zone (e.g. Europe/Amsterdam, America/New_York, UTC)');

/** Where a message's station id comes from. */
export const StationSourceSchema = z.discriminatedUnion('from', [
  /** A field of the record (or, when the record lacks it, of the message around it). */
  z.object({ from: z.literal('field'), path: FieldPathSchema }),
  /** One fixed id for every message (a topic per station). */
  z.object({ from: z.literal('fixed'), id: z.string().min(1) }),
  /** The Kafka message key, as UTF-8 text. */
  z.object({ from: z.literal('key') }),
  /** The topic name, or one `/`-separated segment of it (0 = first; MQTT `city/+/readings` → 1). */
  z.object({ from: z.literal('topic'), segment: z.number().int().min(0).max(64).nullable().default(null) }),
]);
export type StationSource = z.infer<typeof StationSourceSchema>;

/** Formats of a time field. `iso` texts without a zone need `zone`. */
export const TimeFieldFormatSchema = z.enum(['iso', 'epoch-s', 'epoch-ms', 'epoch-us', 'epoch-ns']);

/** Where a message's event time comes from. */
export const TimeSourceSchema = z.object({
  /** The time field (record first, then the message around it); null = the message carries no time. */
  path: FieldPathSchema.nullable().default('ts'),
  format: TimeFieldFormatSchema.default('iso'),
  /** ISO times without a zone (`2023-01-01 00:00:00`) are local times in this IANA zone; null = a zone is required. */
  zone: TimeZoneSchema.nullable().default(null),
  /**
   * When the time field is absent (or path is null): reject, take the Kafka record timestamp, or
   * take the arrival time (marked as such: it is not the measurement time). A time field that is
   * present but malformed is always rejected.
   */
  otherwise: z.enum(['reject', 'record', 'arrival']).default('reject'),
});
export type TimeSource = z.infer<typeof TimeSourceSchema>;

/** A field taken as a catalogue metric: renamed (an alias such as temp → temperature) and converted from `unit`. */
export const FieldMappingSchema = z.object({
  /** Field path in the record; with `metrics.nameFrom`, the composed name `<name>.<field>`. */
  from: FieldPathSchema,
  metric: z.string().trim().min(1).max(128),
  /** The unit the field is in; null = already in the metric's unit. */
  unit: UnitSchema.nullable().default(null),
});
export type FieldMapping = z.infer<typeof FieldMappingSchema>;

/** Which fields of a record become metrics. */
export const MetricSelectionSchema = z.object({
  /** all: every numeric field (mapped ones renamed and converted); mapped: only the mapped fields. */
  include: z.enum(['all', 'mapped']).default('all'),
  fields: z.array(FieldMappingSchema).max(256).default([]),
  /** Field names never taken as metrics (besides the station and time fields). */
  ignore: z.array(z.string().min(1)).max(256).default([]),
  /** Read the record's fields from this object when the record has it (Sensor Logger's `values`). */
  valuesPath: FieldPathSchema.nullable().default(null),
  /** Name metrics `<this field's text>.<field>` (Sensor Logger's `name`). */
  nameFrom: FieldPathSchema.nullable().default(null),
});

/** The syntax of a message's bytes. */
export const ShapeSyntaxSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('json') }),
  /** A Python literal (`str(dict)`): parsed, never evaluated. */
  z.object({ kind: z.literal('python') }),
  /** One or more CSV lines with the configured header; a line equal to the header is skipped. */
  z.object({ kind: z.literal('csv'), columns: z.array(z.string().min(1)).min(1).max(256), delimiter: z.string().length(1).default(',') }),
]);

/** The generic mapping every preset fills in. */
export const GenericMappingSchema = z.object({
  syntax: ShapeSyntaxSchema.default({ kind: 'json' }),
  /** Path to an array of records in the message; null = the message is one record (a top-level array: one per element). */
  records: FieldPathSchema.nullable().default(null),
  station: StationSourceSchema.default({ from: 'field', path: 'station_id' }),
  /** Friendly names for station ids (device id → name). */
  stationNames: z.record(z.string(), z.string().min(1)).default({}),
  time: TimeSourceSchema.default(TimeSourceSchema.parse({})),
  metrics: MetricSelectionSchema.default(MetricSelectionSchema.parse({})),
  /** Narrow records `{station, time, metric: "<name>", value: <number>}`: a record whose metric field is text is one. */
  narrow: z.object({ metricPath: FieldPathSchema, valuePath: FieldPathSchema }).nullable().default(null),
  /** Merge the readings of one message that share station and time into one reading. */
  groupByTime: z.boolean().default(false),
});
export type GenericMapping = z.infer<typeof GenericMappingSchema>;

/** Sensor Logger's metrics that match catalogue metrics (its barometer reports hPa, its light sensor lux). */
export const SENSOR_LOGGER_DEFAULT_FIELDS: readonly FieldMapping[] = [
  { from: 'pressure.pressure', metric: 'pressure', unit: null },
  { from: 'light.lux', metric: 'illuminance', unit: null },
];

const names = z.record(z.string(), z.string().min(1)).default({});
const fields = z.array(FieldMappingSchema).max(256);

/** The message shape of a source: a named preset with its few options, or the generic mapping. */
export const ShapeSchema = z.discriminatedUnion('preset', [
  /** Our own wire format; field names from the decoder settings (stationKey, timeKey, ...). */
  z.object({ preset: z.literal('stationwatch') }),
  /** The Sensor Logger app (HTTP push or MQTT): `{deviceId, payload: [{name, time (epoch ns), ...fields | values}]}`. */
  z.object({
    preset: z.literal('sensor-logger'),
    deviceNames: names,
    fields: fields.default([...SENSOR_LOGGER_DEFAULT_FIELDS]),
    groupByTime: z.boolean().default(true),
  }),
  /** Flat records without a station: `{"date_time": "2023-01-01 00:00:00", "temp": 20.1}`. */
  z.object({
    preset: z.literal('flat'),
    station: StationSourceSchema.default({ from: 'key' }),
    stationNames: names,
    time: TimeSourceSchema.default(TimeSourceSchema.parse({ path: 'date_time', zone: 'UTC' })),
    fields: fields.default([{ from: 'temp', metric: 'temperature', unit: null }]),
  }),
  /** Python `str(dict)` text; time from the Kafka record timestamp when the message has none. */
  z.object({
    preset: z.literal('python-dict'),
    station: StationSourceSchema.default({ from: 'field', path: 'station_id' }),
    stationNames: names,
    time: TimeSourceSchema.default(TimeSourceSchema.parse({ path: 'ts', otherwise: 'record' })),
    fields: fields.default([]),
  }),
  /** The Things Stack v3 uplinks: station `end_device_ids.device_id`, time `received_at`, metrics `uplink_message.decoded_payload`. */
  z.object({ preset: z.literal('ttn-v3'), deviceNames: names, fields: fields.default([]) }),
  z.object({ preset: z.literal('generic'), mapping: GenericMappingSchema.default(GenericMappingSchema.parse({})) }),
]);
export type ShapeSettings = z.infer<typeof ShapeSchema>;
export type ShapePreset = ShapeSettings['preset'];

/** Every preset, in the order suggestions prefer on a tie. */
export const SHAPE_PRESETS: readonly ShapePreset[] = ['stationwatch', 'sensor-logger', 'ttn-v3', 'python-dict', 'flat', 'generic'];

/** The default shape: our own wire format. */
export const DEFAULT_SHAPE: ShapeSettings = { preset: 'stationwatch' };
