/**
 * What a notification says, for every channel. The webhook posts `NotificationBody` as JSON:
 *
 * {
 *   "kind": "stationwatch.alarm" | "stationwatch.test",
 *   "key": "heat@st-1#1782900000000#crit#1#oncall",   // idempotence key; null in a test message
 *   "text": "CRITICAL: Temperature above 35 °C at Dam Square (st-1): 36.2 °C — unacknowledged for 5 min",
 *   "alarm": { "id", "ruleId", "message", "activatedAt": ISO 8601, "activatedAtMs": epoch ms },
 *   "station": { "id", "name" },
 *   "metric": "temperature" | null, "metricLabel": "Temperature" | null,
 *   "value": 36.2 | null, "unit": "°C" | null, "threshold": 35 | null,
 *   "severity": "warning" | "critical",
 *   "state": "unacknowledged" | "acknowledged" | "returned-unacknowledged" | "normal",
 *   "escalation": { "policyId", "policyName", "step" } | null,
 *   "link": "https://…/?alarm=heat%40st-1" | null,
 *   "sentAt": ISO 8601
 * }
 *
 * `text` is the one line chat tools show (Slack-style incoming webhooks read a `text` field).
 */
import type { Alarm } from '../../../src-shared/domain/alarms';
import { metricInfo } from '../../../src-shared/domain/metrics';
import type { DeliveryIntent } from '../../core/escalation/escalation-planner';

/** What the engine knows beyond the alarm itself. */
export interface MessageContext {
  /** The station's display name; null: only its id is known. */
  readonly stationName: string | null;
  /** Base address of the app for the link (headless mode's URL); null: no link. */
  readonly linkBaseUrl: string | null;
  /** Wall-clock time of sending. */
  readonly now: number;
}

export interface NotificationBody {
  readonly kind: 'stationwatch.alarm' | 'stationwatch.test';
  readonly key: string | null;
  readonly text: string;
  readonly alarm: { readonly id: string; readonly ruleId: string; readonly message: string; readonly activatedAt: string; readonly activatedAtMs: number };
  readonly station: { readonly id: string; readonly name: string | null };
  readonly metric: string | null;
  readonly metricLabel: string | null;
  readonly value: number | null;
  readonly unit: string | null;
  readonly threshold: number | null;
  readonly severity: Alarm['severity'];
  readonly state: Alarm['state'];
  readonly escalation: { readonly policyId: string; readonly policyName: string; readonly step: number } | null;
  readonly link: string | null;
  readonly sentAt: string;
}

/** A rendered notification: the JSON body and the email subject and text. */
export interface Notification {
  readonly body: NotificationBody;
  readonly subject: string;
  readonly text: string;
}

/** The notification of one delivery intent. */
export function intentNotification(intent: DeliveryIntent, context: MessageContext): Notification {
  const waited = formatWait(context.now - intent.since);
  return render(intent.alarm, context, intent.key, { policyId: intent.policyId, policyName: intent.policyName, step: intent.step }, `unacknowledged for ${waited}`);
}

/** The test message a channel's test button sends: clearly marked, about a made-up alarm. */
export function testNotification(channelName: string, context: MessageContext): Notification {
  const alarm: Alarm = {
    id: 'test@test', ruleId: 'test', stationId: 'test', metric: 'temperature', kind: 'system', severity: 'warning', state: 'unacknowledged',
    isActive: true, message: `Test message for channel “${channelName}” — no action needed`, value: 20, peakValue: 20, threshold: null,
    activatedAt: context.now, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: context.now,
  };
  const rendered = render(alarm, { ...context, stationName: 'Test station' }, null, null, 'test');
  return { ...rendered, body: { ...rendered.body, kind: 'stationwatch.test' }, subject: `[Stationwatch] Test message for “${channelName}”` };
}

function render(alarm: Alarm, context: MessageContext, key: string | null, escalation: NotificationBody['escalation'], why: string): Notification {
  const info = alarm.metric === null ? null : metricInfo(alarm.metric);
  const station = context.stationName === null ? alarm.stationId : `${context.stationName} (${alarm.stationId})`;
  const reading = alarm.value === null ? '' : `: ${formatValue(alarm.value, info?.decimals ?? 2)}${info?.unit ? ` ${info.unit}` : ''}`;
  const line = `${alarm.severity.toUpperCase()}: ${alarm.message} at ${station}${reading} — ${why}`;
  const link = context.linkBaseUrl === null ? null : `${context.linkBaseUrl.replace(/\/+$/, '')}/?alarm=${encodeURIComponent(alarm.id)}`;
  const body: NotificationBody = {
    kind: 'stationwatch.alarm',
    key,
    text: line,
    alarm: { id: alarm.id, ruleId: alarm.ruleId, message: alarm.message, activatedAt: new Date(alarm.activatedAt).toISOString(), activatedAtMs: alarm.activatedAt },
    station: { id: alarm.stationId, name: context.stationName },
    metric: alarm.metric,
    metricLabel: info?.label ?? null,
    value: alarm.value,
    unit: info?.unit || null,
    threshold: alarm.threshold,
    severity: alarm.severity,
    state: alarm.state,
    escalation,
    link,
    sentAt: new Date(context.now).toISOString(),
  };
  const text = [
    line,
    '',
    `Alarm: ${alarm.id} (rule ${alarm.ruleId})`,
    `Activated: ${body.alarm.activatedAt}`,
    ...(alarm.threshold === null ? [] : [`Threshold: ${alarm.threshold}${info?.unit ? ` ${info.unit}` : ''}`]),
    ...(escalation === null ? [] : [`Escalation: ${escalation.policyName}, step ${escalation.step}`]),
    ...(link === null ? [] : [`Open: ${link}`]),
  ].join('\n');
  return { body, subject: `[Stationwatch] ${line}`, text };
}

/** "45 s", "5 min", "2 h 10 min". */
function formatWait(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`;
}

function formatValue(value: number, decimals: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(decimals);
}
