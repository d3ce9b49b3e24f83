import { z } from 'zod';
import { EscalationSettingsSchema } from './escalation';
import { RuleSchema, SeveritySchema } from '../domain/rules';
import { DEFAULT_RULES } from './default-rules';
import { DEFAULT_WINDOW_SIZES_MS } from '../domain/window-aggregate';
import { describeBrokerProblem } from './broker-list';
import { describePostgresUrlProblem } from './postgres-url';
import { describeTopicFilterProblem, parseMqttBroker } from './mqtt-topic';
import { DEFAULT_SHAPE, ShapeSchema, TimeZoneSchema } from './shape';
import { type DistrictCollection, validateDistricts } from '../map/districts';

/** Scenarios the simulator can play, for demos and tests. */
export const ScenarioSchema = z.object({
  /**
   * pm-episode (winter PM, days), ozone-episode (O3 above 180 µg/m³ for the span), dust-event (PM10 spike, hours),
   * sensor-drift (a station's pollutant sensors creep upwards): see the simulator's pollutant-scenarios.ts.
   */
  kind: z.enum(['heatwave', 'stuck-sensor', 'station-offline', 'burst', 'pm-episode', 'ozone-episode', 'dust-event', 'sensor-drift']),
  /** Station id, or a district name for heatwave. Null = the first station. */
  target: z.string().nullable().default(null),
  /** Simulated-time offset from the run's start when the scenario begins, and its duration. */
  startAfterMs: z.number().int().min(0).default(30_000),
  durationMs: z.number().int().positive().default(300_000),
});
export type Scenario = z.infer<typeof ScenarioSchema>;

export const SimulatorSourceSchema = z.object({
  kind: z.literal('simulator'),
  stations: z.number().int().min(1).max(100_000).default(12),
  /** Readings per second per station. */
  ratePerStation: z.number().positive().max(1000).default(1),
  seed: z.number().int().default(42),
  outlierRate: z.number().min(0).max(1).default(0.001),
  /** Simulated seconds per wall-clock second: 1 = live; 10 = a 10x demo or test run. */
  speed: z.number().positive().max(1000).default(1),
  scenarios: z.array(ScenarioSchema).default([]),
  cityCenter: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).default({ lat: 52.37, lon: 4.9 }),
});

/** "host:port" (host name, IPv4, or [IPv6]; port 1–65535); the settings dialog and headless config validate with this. */
export const BrokerSchema = z.string().trim().superRefine((entry, ctx) => {
  const problem = describeBrokerProblem(entry);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

export const KafkaSourceSchema = z.object({
  kind: z.literal('kafka'),
  brokers: z.array(BrokerSchema).min(1, 'At least one broker'),
  clientId: z.string().min(1).default('stationwatch'),
  topics: z.array(z.string().min(1)).min(1, 'At least one topic'),
  groupId: z.string().min(1).default('stationwatch'),
  start: z.union([z.enum(['latest', 'earliest']), z.object({ timestamp: z.number().int() })]).default('latest'),
  sasl: z.object({ mechanism: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']), username: z.string().min(1) }).nullable().default(null),
  tls: z.object({ enabled: z.boolean().default(false), allowSelfSigned: z.boolean().default(false) }).default({ enabled: false, allowSelfSigned: false }),
  /** How the topic's messages become readings: a named preset or a generic mapping (shape.ts); default our own wire format. */
  shape: ShapeSchema.default(DEFAULT_SHAPE),
});

/**
 * An MQTT broker (mosquitto, EMQX, a LoRaWAN network server). QoS 1 with a persistent session (a fixed
 * client id, clean session off) so readings published while the app was closed are delivered after it
 * starts. The password is a secret (stored under the profile's saslPassword), never part of these settings.
 */
export const MqttSourceSchema = z.object({
  kind: z.literal('mqtt'),
  /** "host:port"; the port defaults to 1883 (8883 is the usual TLS port). */
  broker: z.string().trim().superRefine((entry, ctx) => {
    const parsed = parseMqttBroker(entry);
    if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
  }),
  /** The persistent session on the broker belongs to this id: two apps must not share it. */
  clientId: z.string().min(1).max(128).default('stationwatch'),
  username: z.string().min(1).nullable().default(null),
  /** Topic filters with + and # wildcards. */
  subscriptions: z.array(z.string().superRefine((filter, ctx) => {
    const problem = describeTopicFilterProblem(filter);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  })).min(1, 'At least one subscription'),
  /** 1 (the default) = at least once, acknowledged only once the reading is kept; 0 = may lose readings. */
  qos: z.union([z.literal(0), z.literal(1)]).default(1),
  /** Keep the session (and the messages queued for it) while the app is closed: MQTT's clean session off. */
  persistentSession: z.boolean().default(true),
  /** The topic level (0 = first) that names the station, e.g. 1 for city/+/readings; null = from the payload. */
  stationFromTopicSegment: z.number().int().min(0).max(64).nullable().default(null),
  tls: z.object({ enabled: z.boolean().default(false), allowSelfSigned: z.boolean().default(false) }).default({ enabled: false, allowSelfSigned: false }),
  /** How payloads become readings (shape.ts); e.g. 'ttn-v3' for The Things Stack uplinks, 'sensor-logger' for the Sensor Logger app. */
  shape: ShapeSchema.default(DEFAULT_SHAPE),
});

/** Recording formats replay reads; null in settings = from the file extension. */
export const ReplayFormatSchema = z.enum(['jsonl', 'csv', 'parquet']);

/** Which columns (JSONL: fields) of a recording hold what; the defaults fit the default wire format. */
export const ReplayColumnsSchema = z.object({
  stationColumn: z.string().min(1).default('station_id'),
  timeColumn: z.string().min(1).default('ts'),
  timeFormat: z.enum(['iso', 'epoch-s', 'epoch-ms']).default('iso'),
  /** Metric columns to keep; null = every other numeric column. */
  metrics: z.array(z.string().min(1)).min(1).nullable().default(null),
  /** Narrow recordings `{station, time, metric, value}` use these columns. */
  metricColumn: z.string().min(1).default('metric'),
  valueColumn: z.string().min(1).default('value'),
});
export type ReplayColumns = z.infer<typeof ReplayColumnsSchema>;

export const ReplaySourceSchema = z.object({
  kind: z.literal('replay'),
  path: z.string().min(1),
  /** 1 = real time; 0 = as fast as possible. */
  speed: z.number().min(0).default(1),
  format: ReplayFormatSchema.nullable().default(null),
  columns: ReplayColumnsSchema.default(ReplayColumnsSchema.parse({})),
});

/** Default body limit of an HTTP push (4 MiB: a Sensor Logger batch of a few minutes of every sensor fits). */
export const DEFAULT_PUSH_BODY_BYTES = 4 * 1_048_576;

/**
 * HTTP push (headless mode only): clients POST messages to /ingest with the ingest token, and the Sensor
 * Logger app to /ingest/sensor-logger. Each body is one message of `shape`; the answer is 2xx only once the
 * readings are taken by the pipeline (and stored, when raw readings are kept).
 */
export const HttpPushSourceSchema = z.object({
  kind: z.literal('http-push'),
  shape: ShapeSchema.default(DEFAULT_SHAPE),
  /** Larger bodies are refused with 413 before they are read whole. */
  maxBodyBytes: z.number().int().min(1_024).max(64 * 1_048_576).default(DEFAULT_PUSH_BODY_BYTES),
});

export const SourceSchema = z.discriminatedUnion('kind', [SimulatorSourceSchema, KafkaSourceSchema, ReplaySourceSchema, MqttSourceSchema, HttpPushSourceSchema]);
export type SourceSettings = z.infer<typeof SourceSchema>;

export const DatabaseSchema = z.discriminatedUnion('kind', [
  /** Embedded PGlite in the app's data directory (the default). */
  z.object({ kind: z.literal('pglite'), dir: z.string().nullable().default(null) }),
  /** A PostgreSQL server. The password is a secret, never part of this URL. */
  z.object({
    kind: z.literal('postgres'),
    url: z.string().trim().superRefine((url, ctx) => {
      const problem = describePostgresUrlProblem(url);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }),
    ssl: z.boolean().default(false),
  }),
  /** Nothing persisted: for tests, demos and `serve --database memory`. */
  z.object({ kind: z.literal('memory') }),
]);
export type DatabaseSettings = z.infer<typeof DatabaseSchema>;

/** Names the fields of the wire format; defaults fit `{"station_id","ts",<metric>:<number>...}`. */
export const DecoderSchema = z.object({
  stationKey: z.string().min(1).default('station_id'),
  timeKey: z.string().min(1).default('ts'),
  timeFormat: z.enum(['iso', 'epoch-s', 'epoch-ms']).default('iso'),
  /** Narrow records `{station_id, ts, metric, value}` use these keys. */
  metricKey: z.string().min(1).default('metric'),
  valueKey: z.string().min(1).default('value'),
  maxMessageBytes: z.number().int().positive().default(1_048_576),
  maxMetricsPerMessage: z.number().int().positive().default(64),
  maxStations: z.number().int().positive().default(50_000),
  /**
   * At the station cap, a station silent for longer than this gives its place to a new one (and is
   * admitted again, as new, if it returns), so a flood of bogus ids cannot lock real stations out for good.
   */
  idleStationTtlMs: z.number().int().positive().default(7_200_000),
  maxDistinctMetrics: z.number().int().positive().default(256),
  /** At the metric cap, a metric with no value for this long (event time) and no open window gives its place to a new name. */
  idleMetricTtlMs: z.number().int().positive().default(7_200_000),
  maxFutureMs: z.number().int().positive().default(300_000),
});
export type DecoderSettings = z.infer<typeof DecoderSchema>;

export const ProfileSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1).max(100),
  source: SourceSchema,
  database: DatabaseSchema,
  /** Escalation beyond the screen (issue 19): channels and policies; absent = none. */
  escalation: EscalationSettingsSchema.optional(),
});
export type Profile = z.infer<typeof ProfileSchema>;

export const WindowSettingsSchema = z.object({
  sizesMs: z.array(z.number().int().positive()).min(1).default([...DEFAULT_WINDOW_SIZES_MS]),
  allowedLatenessMs: z.number().int().min(0).default(5_000),
  /** With no input for this long (wall clock), the watermark advances with the clock so windows still close. */
  idleTimeoutMs: z.number().int().positive().default(15_000),
});

/** True when `zone` is an IANA time zone the runtime knows. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const AirQualitySettingsSchema = z.object({
  index: z.enum(['eea', 'epa']).default('eea'),
  standard: z.enum(['2008/50/EC', '2024/2881']).default('2008/50/EC'),
  timeZone: z.string().min(1).refine(isTimeZone, { message: 'The air-quality time zone must be an IANA zone name such as Europe/Amsterdam.' }).default('Europe/Amsterdam'),
});
export type AirQualitySettings = z.infer<typeof AirQualitySettingsSchema>;

export const SettingsSchema = z.object({
  version: z.literal(1).default(1),
  /** Operator on duty, recorded in the audit trail. Null = the OS user name. */
  operator: z.string().min(1).max(100).nullable().default(null),
  activeProfileId: z.string().default('default'),
  profiles: z.array(ProfileSchema).min(1).default([
    { id: 'default', name: 'Simulated city (embedded database)', source: SimulatorSourceSchema.parse({ kind: 'simulator' }), database: { kind: 'pglite', dir: null } },
  ]),
  decoder: DecoderSchema.default(DecoderSchema.parse({})),
  windows: WindowSettingsSchema.default(WindowSettingsSchema.parse({})),
  rules: z.array(RuleSchema).default([...DEFAULT_RULES]),
  store: z
    .object({
      rawReadings: z.boolean().default(false),
      rawRetentionDays: z.number().positive().default(7),
      windowRetentionDays: z.number().positive().default(90),
      /** Messages the decoder refused (rejected_messages): kept this long for the health view, then deleted. */
      rejectedRetentionDays: z.number().positive().default(30),
    })
    .default({ rawReadings: false, rawRetentionDays: 7, windowRetentionDays: 90, rejectedRetentionDays: 30 }),
  notifications: z
    .object({
      enabled: z.boolean().default(true),
      groupAfter: z.number().int().min(1).default(3),
      perAlarmIntervalMs: z.number().int().min(0).default(300_000),
      renotifyCriticalMs: z.number().int().min(0).default(600_000),
      sound: z.boolean().default(false),
      /** Severities that play the OS sound when `sound` is on. */
      soundSeverities: z.array(SeveritySchema).default(['critical']),
    })
    .default({ enabled: true, groupAfter: 3, perAlarmIntervalMs: 300_000, renotifyCriticalMs: 600_000, sound: false, soundSeverities: ['critical'] }),
  ui: z
    .object({
      theme: z.enum(['dark', 'light']).default('dark'),
      tileUrl: z.string().url().nullable().default(null),
      /** The admin's own districts (validated GeoJSON, src-shared/map/districts.ts); absent or null: the built-in demo ring. */
      districts: z
        .custom<DistrictCollection>((value) => validateDistricts(value).ok, { message: 'Districts must be a GeoJSON FeatureCollection of named Polygon/MultiPolygon features.' })
        .nullable()
        .optional(),
      /** Absent or null: none. Absolute path of an offline street basemap (one PMTiles v3 file of vector tiles) on the machine that serves the UI. */
      basemapFile: z.string().min(1).max(4096).nullable().optional(),
      /** Absent or null: the system's. The control-room time zone every shown time uses (an IANA name, e.g. Europe/Amsterdam). */
      timeZone: TimeZoneSchema.nullable().optional(),
    })
    .default({ theme: 'dark', tileUrl: null }),
  /** Air quality (issue 18): which index the map shows, which EU standard set compliance is judged against, and the local time zone its days and years follow. */
  airQuality: AirQualitySettingsSchema.default(AirQualitySettingsSchema.parse({})),
});
export type Settings = z.infer<typeof SettingsSchema>;

/** Settings with every default filled in. */
export function defaultSettings(): Settings {
  return SettingsSchema.parse({});
}

/** The active profile; falls back to the first one. */
export function activeProfile(settings: Settings): Profile {
  const found = settings.profiles.find((p) => p.id === settings.activeProfileId);
  return found ?? (settings.profiles[0] as Profile);
}
