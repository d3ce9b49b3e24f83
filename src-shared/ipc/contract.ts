/**
 * The IPC contract: every request (renderer → main → engine, answered with a Promise) and every event
 * (engine → renderer). Main validates request arguments with these schemas before forwarding them;
 * the headless server exposes the same contract over WebSocket.
 */
import type { AirComplianceResult, QualityFlagHour, QualityInvalidation, RevokedInvalidation } from '../domain/air-quality';
import type { ShapeSettings } from '../settings/shape';
import { z } from 'zod';
import { RuleSchema } from '../domain/rules';
import type { Rule } from '../domain/rules';
import type { Alarm, AlarmEvent } from '../domain/alarms';
import type { Station } from '../domain/station';
import type { Handover, HandoverSummary, ShiftEntry } from '../domain/shift';
import type { NoticeExport, PublicNotice } from '../domain/public-notice';
import { describeInvalidComment, describeInvalidIdentifier, MAX_IDENTIFIER_LENGTH } from '../domain/identifier';
import { ProfileSchema, SettingsSchema } from '../settings/schema';
import { ChannelSchema } from '../settings/escalation';
import type { Settings } from '../settings/schema';
import type { SettingsProblem } from '../settings/settings-problem';
import type { StreamFrame } from './frame';
import type { PipelineStatus, QuarantinedMessage } from './status';
import { REPLAY_REQUEST_SCHEMAS, REPLAY_STATE_CHANGING } from './replay-contract';
import type { ReplayRequestResults } from './replay-contract';

/** A station, or one of its sensors (metric), taken out of service. */
export interface OutOfServiceView {
  readonly stationId: string;
  readonly metric: string | null;
}

/** Which secrets a profile has stored. The renderer sees only set / not set, never the values. */
export interface SecretStatus {
  readonly saslPassword: boolean;
  readonly tlsCa: boolean;
  readonly tlsCert: boolean;
  readonly tlsKey: boolean;
  readonly databasePassword: boolean;
  /** Escalation: the SMTP login's password (email channels). */
  readonly smtpPassword: boolean;
  /** Escalation: the bearer token webhook channels with authorization 'bearer' send. */
  readonly webhookToken: boolean;
}
export const SECRET_NAMES = ['saslPassword', 'tlsCa', 'tlsCert', 'tlsKey', 'databasePassword', 'smtpPassword', 'webhookToken'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

/** Write-only secrets: a string replaces the stored value, null deletes it, absent keeps it. */
const SecretUpdateSchema = z.object(Object.fromEntries(SECRET_NAMES.map((n) => [n, z.string().max(1_000_000).nullable().optional()])) as Record<SecretName, z.ZodOptional<z.ZodNullable<z.ZodString>>>);

export interface SettingsView {
  readonly settings: Settings;
  readonly secrets: Readonly<Record<string, SecretStatus>>;
  /** A message to show once, e.g. "Settings were upgraded from version 0.". */
  readonly notice: string | null;
  /** Shown for as long as it lasts: the settings file cannot be used, and what runs instead. Absent or null: none. */
  readonly problem?: SettingsProblem | null;
  /** Where saved secrets would be kept, when the user must know before saving one. Absent or null: nothing to say. */
  readonly secretStorage?: SecretStorageStatus | null;
}

/** What the settings dialog says beside the secrets before a save. */
export interface SecretStorageStatus {
  /** Secrets would be encrypted with a key anyone can know (Linux, Electron's basic_text backend): a save that stores one needs `allowWeakSecretStorage`. */
  readonly isWeak: boolean;
  /** Plain words for the dialog: why the storage is weak, or that an unreadable secrets file will be kept aside. */
  readonly warning: string | null;
}

/**
 * The layers a connection test checks. Source: dns, tcp, tls, sasl, metadata, topic, read. Database: url
 * (the URL's syntax), dns, tcp, tls, login, version, permissions (may create the tables); folder and space
 * for the embedded database; database alone for one kept in memory.
 */
export type ConnectionStep = 'dns' | 'tcp' | 'tls' | 'sasl' | 'metadata' | 'topic' | 'read' | 'database' | 'url' | 'login' | 'version' | 'permissions' | 'schema' | 'folder' | 'space';
export interface ConnectionStepResult {
  readonly step: ConnectionStep;
  readonly ok: boolean;
  readonly detail: string;
  /** Plain-language advice when the step failed. */
  readonly hint: string | null;
  readonly ms: number;
  /** What the step checked where a test checks several of a kind: the broker ("host:port") of a DNS, TCP or TLS step. */
  readonly target?: string;
}
export interface ConnectionTestResult {
  /** Every step of the source and of the database passed. */
  readonly ok: boolean;
  /** The source's layers. */
  readonly steps: readonly ConnectionStepResult[];
  /** The database's layers (absent only from a source-only test). */
  readonly databaseSteps?: readonly ConnectionStepResult[];
  /** Said when saved secrets were not used because the tested settings differ from the saved profile's. */
  readonly notice?: string;
}

export interface HistorySeries {
  readonly stationId: string;
  readonly ts: Float64Array;
  readonly mean: Float64Array;
  readonly min: Float64Array;
  readonly max: Float64Array;
  readonly count: Float64Array;
}
export interface HistoryResult {
  /** Window size chosen by the store; 0 = raw readings. */
  readonly sizeMs: number;
  readonly metric: string;
  readonly series: readonly HistorySeries[];
}

/**
 * An alarm id is `${ruleId}@${stationId}`: a rule id (at most 64 characters) and a station id (an identifier).
 * Bounded, so an unknown one the engine names in its answer stays short.
 */
const MAX_ALARM_ID_LENGTH = 64 + 1 + MAX_IDENTIFIER_LENGTH;
const AlarmIdSchema = z.string().min(1).max(MAX_ALARM_ID_LENGTH);
const AlarmIdArgs = z.object({ alarmId: AlarmIdSchema, comment: z.string().max(2000).nullable().default(null) });
const epochMs = z.number().int().min(0);

/** Most flagged hours one `quality:flags` answer carries (50 stations × 90 days of hours would be 108,000). */
export const QUALITY_FLAGS_LIMIT = 20_000;
const NoticeIdSchema = z.string().min(1).max(100);

/** A string that `describe` finds nothing wrong with; its finding, prefixed with `what`, is the error. */
function checkedText(what: string, describe: (text: string) => string | null) {
  return z.string().superRefine((text, ctx) => {
    const problem = describe(text);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: `${what} ${problem}` });
  });
}

/** Each request's argument schema; results are typed in RequestResults below. */
export const REQUEST_SCHEMAS = {
  'settings:get': z.object({}),
  // allowWeakSecretStorage: the user confirmed storing secrets where SettingsView.secretStorage says they are weak.
  'settings:save': z.object({ settings: SettingsSchema, secrets: z.record(z.string(), SecretUpdateSchema).default({}), allowWeakSecretStorage: z.boolean().optional() }),
  'connection:test': z.object({ profile: ProfileSchema, secrets: SecretUpdateSchema.default({}) }),
  // A notification channel's test button (issue 19): stored secrets only for the running profile's same channel (adapters/notify/notify-test-request.ts).
  'notify:test': z.object({ channel: ChannelSchema, secrets: SecretUpdateSchema.default({}) }),
  // The escalation delivery log (issue 19), newest first: what went to which channel, with attempts and outcome.
  'notify:deliveries': z.object({ limit: z.number().int().min(1).max(5000).default(500) }),
  // Shelved alarms only when asked (the console keeps them under "Shelved"); includeNormal: every alarm.
  'alarms:list': z.object({ includeNormal: z.boolean().default(false), includeShelved: z.boolean().default(false) }),
  'alarms:history': z.object({ from: epochMs, to: epochMs, limit: z.number().int().min(1).max(10_000).default(1000) }),
  'alarms:ack': AlarmIdArgs,
  'alarms:shelve': z.object({ alarmId: AlarmIdSchema, reason: z.string().min(1).max(2000), until: epochMs }),
  'alarms:unshelve': AlarmIdArgs,
  // Ids follow the decoder's rules; what an operator types is stored and shown to others: bounded, no controls but newline.
  'alarms:outOfService': z.object({
    stationId: checkedText('The station id', describeInvalidIdentifier),
    metric: checkedText('The metric', describeInvalidIdentifier).nullable().default(null),
    outOfService: z.boolean(),
    comment: checkedText('The comment', describeInvalidComment).nullable().default(null),
  }),
  'history:query': z.object({ stationIds: z.array(z.string()).min(1).max(50), metric: z.string().min(1), from: epochMs, to: epochMs, maxPoints: z.number().int().min(10).max(20_000) }),
  'rules:list': z.object({}),
  'rules:save': z.object({ rules: z.array(RuleSchema) }),
  'rules:backtest': z.object({ rule: RuleSchema, from: epochMs, to: epochMs }),
  'stations:list': z.object({}),
  /** A station registry file (CSV with id,name,district,lat,lon, or a GeoJSON FeatureCollection of Points): its contents, not a path. */
  'stations:import': z.object({ fileName: z.string().min(1).max(500), content: z.string().max(20_000_000) }),
  'stations:outOfService': z.object({}),
  'pipeline:status': z.object({}),
  'quarantine:list': z.object({ limit: z.number().int().min(1).max(1000).default(100) }),
  /** Air-quality compliance per station and pollutant (issue 18) of a local year; null = the data's current year. */
  'air:compliance': z.object({ year: z.number().int().min(1970).max(9999).nullable().default(null) }),
  // Reads the last `limit` messages of the profile's topic (no group joined, nothing committed) and decodes them with its shape.
  'decode:preview': z.object({ profile: ProfileSchema, secrets: SecretUpdateSchema.default({}), limit: z.number().int().min(1).max(200).default(20) }),
  // The shift log and handover (issue 19): what one operator hands the next.
  'shiftlog:list': z.object({
    from: epochMs,
    to: epochMs,
    text: z.string().max(200).nullable().default(null),
    stationId: z.string().max(MAX_IDENTIFIER_LENGTH).nullable().default(null),
    limit: z.number().int().min(1).max(5000).default(500),
  }),
  'shiftlog:add': z.object({
    text: checkedText('The note', describeInvalidComment).refine((t) => t.trim().length > 0, 'The note is empty.'),
    stationId: checkedText('The station id', describeInvalidIdentifier).nullable().default(null),
    carryOver: z.boolean().default(false),
  }),
  'shiftlog:clearCarryOver': z.object({ id: z.string().min(1).max(100) }),
  // Without handoverId: the summary as it would be signed now (nothing stored); the latest handovers beside it.
  'shift:current': z.object({}),
  'shift:handover': z.object({ note: checkedText('The handover note', describeInvalidComment).default('') }),
  'shift:confirm': z.object({ handoverId: z.string().min(1).max(100) }),
  // Incident replay (issue 19): replay-contract.ts.
  ...REPLAY_REQUEST_SCHEMAS,
  // Public notices for information and alert threshold episodes (issue 18): drafted by the engine, edited, issued, withdrawn.
  'notice:list': z.object({ alarmId: AlarmIdSchema.nullable().default(null), limit: z.number().int().min(1).max(1000).default(200) }),
  'notice:edit': z.object({
    id: NoticeIdSchema,
    area: checkedText('The area', describeInvalidComment).refine((t) => !t.includes('\n'), 'The area is one line.'),
    expectedDuration: checkedText('The expected duration', describeInvalidComment),
    populationGroupsAtRisk: z.array(checkedText('A population group', describeInvalidComment)).max(30),
    precautions: z.array(checkedText('A precaution', describeInvalidComment)).max(30),
  }),
  'notice:issue': z.object({ id: NoticeIdSchema }),
  'notice:withdraw': z.object({ id: NoticeIdSchema, reason: checkedText('The reason', describeInvalidComment).refine((t) => t.trim().length > 0, 'Withdrawing a public notice needs a reason.') }),
  /** A new draft from an issued notice, with the episode's latest figures; issuing it supersedes the notice. */
  'notice:update': z.object({ id: NoticeIdSchema }),
  'notice:export': z.object({ id: NoticeIdSchema, format: z.enum(['text', 'html']) }),
  // Data quality (issue 18): an operator marks [from, to) of a station's metric invalid with a reason (audited); it leaves indices and compliance.
  'quality:invalidate': z.object({
    stationId: checkedText('The station id', describeInvalidIdentifier),
    metric: checkedText('The metric', describeInvalidIdentifier),
    from: epochMs,
    to: epochMs,
    reason: checkedText('The reason', describeInvalidComment).refine((t) => t.trim().length > 0, 'Marking data invalid needs a reason.'),
  }),
  /** The invalidations overlapping [from, to), newest first; null station or metric = all. */
  'quality:invalidations': z.object({ stationId: z.string().max(MAX_IDENTIFIER_LENGTH).nullable().default(null), metric: z.string().max(MAX_IDENTIFIER_LENGTH).nullable().default(null), from: epochMs, to: epochMs }),
  /** The stored automatic data-quality flags of the hours in [from, to) of these stations' metric (by station and hour, at most QUALITY_FLAGS_LIMIT). */
  'quality:flags': z.object({ stationIds: z.array(z.string().max(MAX_IDENTIFIER_LENGTH)).max(50), metric: z.string().max(MAX_IDENTIFIER_LENGTH), from: epochMs, to: epochMs }),
  /** Revokes an invalidation with a reason (audited): its hours count again in indices and compliance; the stored row keeps who and when. */
  'quality:revoke': z.object({
    id: z.string().min(1).max(100),
    reason: checkedText('The reason', describeInvalidComment).refine((t) => t.trim().length > 0, 'Revoking an invalid mark needs a reason.'),
  }),
} as const;

/** One reading a previewed message decoded into; `timeSource` says whether its time is a measurement time. */
export interface PreviewReading {
  readonly stationId: string;
  readonly ts: number;
  readonly timeSource: 'field' | 'record' | 'arrival';
  readonly metrics: readonly { readonly name: string; readonly value: number; readonly unit: string }[];
}

/** One previewed message: its raw text (as much as fits) beside what it decodes into, or why it is refused. */
export interface PreviewSample {
  /** Where it came from, e.g. "readings / partition 0 @ 41". */
  readonly position: string;
  readonly recordTimestampMs: number | null;
  readonly key: string | null;
  readonly raw: string;
  readonly rawTruncated: boolean;
  readonly outcome: { readonly ok: true; readonly readings: readonly PreviewReading[] } | { readonly ok: false; readonly reason: string; readonly detail: string };
}

/** The decoding preview: each sample, and when the shape fits none of them, the preset that fits best. */
export interface DecodePreview {
  readonly samples: readonly PreviewSample[];
  readonly decoded: number;
  /** Set when fewer than all samples decode and another preset decodes more of them. */
  readonly suggestion: { readonly shape: ShapeSettings; readonly decoded: number; readonly detail: string } | null;
  /** Why no samples could be read (plain words), or null. */
  readonly problem: string | null;
}

/** One alarm a rule preview would have raised: where, when (event time) and when it would have cleared (null: still active at the end). */
export interface BacktestFiring {
  readonly stationId: string;
  readonly at: number;
  readonly clearedAt: number | null;
}

/** A rule preview over stored history: how many alarms, at which stations, and when each would have fired (the first BACKTEST_MAX_FIRINGS). */
export interface BacktestResult {
  readonly activations: number;
  readonly stations: readonly string[];
  readonly firings: readonly BacktestFiring[];
}

/** Most firings a rule preview sends back; `activations` still counts them all. */
export const BACKTEST_MAX_FIRINGS = 2000;

/** A notification channel's test: sent or not, in a sentence. */
export interface NotifyTestResult {
  readonly isOk: boolean;
  readonly message: string;
}

/** One escalation delivery: an alarm activation's step of a policy to one channel ('sending' while attempts go on). */
export interface NotificationDelivery {
  readonly key: string;
  readonly alarmId: string;
  readonly activatedAt: number;
  readonly policyId: string;
  /** 1-based. */
  readonly step: number;
  readonly channelId: string;
  readonly status: 'sending' | 'delivered' | 'failed';
  readonly attempts: number;
  /** The last attempt's failure in words; null when none failed last. */
  readonly lastError: string | null;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface RequestResults extends ReplayRequestResults {
  'settings:get': SettingsView;
  'settings:save': SettingsView;
  'connection:test': ConnectionTestResult;
  'notify:test': NotifyTestResult;
  'notify:deliveries': readonly NotificationDelivery[];
  'alarms:list': readonly Alarm[];
  'alarms:history': { readonly alarms: readonly Alarm[]; readonly events: readonly AlarmEvent[] };
  'alarms:ack': Alarm;
  'alarms:shelve': Alarm;
  'alarms:unshelve': Alarm;
  'alarms:outOfService': { readonly stationId: string; readonly metric: string | null; readonly outOfService: boolean };
  'history:query': HistoryResult;
  'rules:list': readonly Rule[];
  'rules:save': readonly Rule[];
  'rules:backtest': BacktestResult;
  'stations:list': readonly Station[];
  'stations:import': { readonly imported: number; readonly problems: readonly string[] };
  'stations:outOfService': readonly OutOfServiceView[];
  'pipeline:status': PipelineStatus;
  'quarantine:list': readonly QuarantinedMessage[];
  'air:compliance': AirComplianceResult;
  'decode:preview': DecodePreview;
  'shiftlog:list': readonly ShiftEntry[];
  'shiftlog:add': ShiftEntry;
  'shiftlog:clearCarryOver': ShiftEntry;
  'shift:current': ShiftCurrent;
  'shift:handover': Handover;
  'shift:confirm': Handover;
  'notice:list': readonly PublicNotice[];
  'notice:edit': PublicNotice;
  'notice:issue': PublicNotice;
  'notice:withdraw': PublicNotice;
  'notice:update': PublicNotice;
  'notice:export': NoticeExport;
  'quality:invalidate': QualityInvalidation;
  'quality:invalidations': readonly QualityInvalidation[];
  'quality:flags': readonly QualityFlagHour[];
  'quality:revoke': RevokedInvalidation;
}

/** The shift as it stands: the summary a handover now would sign, and the latest handover (null: none yet). */
export interface ShiftCurrent {
  readonly summary: HandoverSummary;
  readonly latest: Handover | null;
}

export type RequestName = keyof typeof REQUEST_SCHEMAS;
/** What a caller passes (defaults may be omitted). */
export type RequestArgs<N extends RequestName> = z.input<(typeof REQUEST_SCHEMAS)[N]>;
/** What a handler receives after validation (defaults filled in). */
export type ValidRequestArgs<N extends RequestName> = z.output<(typeof REQUEST_SCHEMAS)[N]>;
export type RequestResult<N extends RequestName> = RequestResults[N];
export const REQUEST_NAMES = Object.keys(REQUEST_SCHEMAS) as RequestName[];

/**
 * Requests only an operator may send (headless mode refuses them to viewers): those that change state, and
 * connection:test and decode:preview, which reach out to any host and file named in their profile, with saved secrets.
 */
export const STATE_CHANGING_REQUESTS: ReadonlySet<RequestName> = new Set<RequestName>([
  'settings:save',
  'connection:test',
  'notify:test',
  'decode:preview',
  'alarms:ack',
  'alarms:shelve',
  'alarms:unshelve',
  'alarms:outOfService',
  'rules:save',
  'stations:import',
  'shiftlog:add',
  'shiftlog:clearCarryOver',
  'shift:handover',
  'shift:confirm',
  ...REPLAY_STATE_CHANGING,
  'notice:edit',
  'notice:issue',
  'notice:withdraw',
  'notice:update',
  'quality:invalidate',
  'quality:revoke',
]);

/** Engine → renderer pushes. Alarms are pushed at once, not held for the next frame. */
export interface EventPayloads {
  'stream:frame': StreamFrame;
  'alarm:changed': { readonly alarm: Alarm; readonly event: AlarmEvent };
  'status:changed': PipelineStatus;
  /**
   * Main → renderer (desktop only, not in EVENT_NAMES: the engine never emits it): show this station,
   * e.g. after the operator clicked its notification.
   */
  'ui:focusStation': { readonly stationId: string; readonly alarmId: string | null };
}
export type EventName = keyof EventPayloads;
export const EVENT_NAMES: readonly EventName[] = ['stream:frame', 'alarm:changed', 'status:changed'];

export type Unsubscribe = () => void;

/**
 * The one object the renderer talks to: exposed by the preload in Electron, by a WebSocket client in a
 * browser. The renderer cannot tell them apart.
 */
export interface StationwatchApi {
  request<N extends RequestName>(name: N, args: RequestArgs<N>): Promise<RequestResult<N>>;
  subscribe<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): Unsubscribe;
}
