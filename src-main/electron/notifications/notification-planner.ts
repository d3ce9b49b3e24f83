/**
 * Decides which alarm notifications to show, and when — pure: alarm changes and the time go in,
 * planned notifications come out. Flood control: once more than `groupAfter` alerts arrive within
 * GROUP_WINDOW_MS, further ones are collected and shown as one notification per rule when the window
 * ends; each (rule, station) is notified at most once per `perAlarmIntervalMs`; unacknowledged critical
 * alarms are repeated every `renotifyCriticalMs` until acknowledged.
 */
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import type { Severity } from '../../../src-shared/domain/rules';
import type { Settings } from '../../../src-shared/settings/schema';
import { groupText, singleText } from './notification-text';
import type { StationLookup } from './notification-text';

/** "A few seconds" of the flood rule. */
export const GROUP_WINDOW_MS = 5_000;

export type NotificationPolicy = Settings['notifications'];

/** One notification to show. `stationId` is where a click takes the operator. */
export interface PlannedNotification {
  readonly kind: 'single' | 'group' | 'reminder';
  readonly title: string;
  readonly body: string;
  readonly urgency: 'normal' | 'critical';
  readonly silent: boolean;
  readonly stationId: string | null;
  readonly alarmId: string | null;
  readonly alarmIds: readonly string[];
}

interface Watched {
  alarm: Alarm;
  nextAt: number;
}

/** Flood control and reminders for alarm notifications. */
export class NotificationPlanner {
  private readonly recent: number[] = [];
  private readonly lastNotified = new Map<string, number>();
  private readonly buffered = new Map<string, Alarm[]>();
  private bufferEndsAt: number | null = null;
  private readonly watched = new Map<string, Watched>();
  private pausedUntil = 0;

  constructor(
    private policy: NotificationPolicy,
    private readonly lookup: StationLookup,
  ) {}

  setPolicy(policy: NotificationPolicy): void {
    this.policy = policy;
  }

  /** Pause all notifications until `until` (tray: 15 / 60 min); 0 resumes. */
  pause(until: number): void {
    this.pausedUntil = until;
  }

  /** Epoch ms until which notifications are paused (0 = not paused). */
  get pausedUntilTime(): number {
    return this.pausedUntil;
  }

  isPaused(now: number): boolean {
    return now < this.pausedUntil;
  }

  /** Feed every alarm:changed event; returns notifications to show now. */
  onAlarmChanged(change: { readonly alarm: Alarm; readonly event: AlarmEvent }, now: number): PlannedNotification[] {
    const { alarm, event } = change;
    this.updateWatch(alarm, event, now);
    if (event.type !== 'activated' || alarm.shelf !== null || !this.policy.enabled || this.isPaused(now)) return [];
    const last = this.lastNotified.get(alarm.id);
    if (last !== undefined && now - last < this.policy.perAlarmIntervalMs) return [];
    this.lastNotified.set(alarm.id, now);
    while (this.recent.length > 0 && (this.recent[0] as number) <= now - GROUP_WINDOW_MS) this.recent.shift();
    this.recent.push(now);
    if (this.recent.length <= this.policy.groupAfter && this.bufferEndsAt === null) return [this.single(alarm, 'single')];
    const list = this.buffered.get(alarm.ruleId) ?? [];
    list.push(alarm);
    this.buffered.set(alarm.ruleId, list);
    this.bufferEndsAt ??= now + GROUP_WINDOW_MS;
    return [];
  }

  /** Call about once a second: flushes a finished flood window and repeats due critical reminders. */
  tick(now: number): PlannedNotification[] {
    const out: PlannedNotification[] = [];
    if (this.bufferEndsAt !== null && now >= this.bufferEndsAt) {
      this.bufferEndsAt = null;
      for (const alarms of this.buffered.values()) out.push(alarms.length === 1 ? this.single(alarms[0] as Alarm, 'single') : this.group(alarms));
      this.buffered.clear();
    }
    if (!this.policy.enabled || this.isPaused(now) || this.policy.renotifyCriticalMs <= 0) return this.isPaused(now) ? [] : out;
    for (const entry of this.watched.values()) {
      if (now < entry.nextAt) continue;
      entry.nextAt = now + this.policy.renotifyCriticalMs;
      out.push(this.single(entry.alarm, 'reminder'));
    }
    return out;
  }

  /** Alarms that still re-notify (critical, unacknowledged, not shelved). */
  get pendingReminders(): number {
    return this.watched.size;
  }

  private updateWatch(alarm: Alarm, event: AlarmEvent, now: number): void {
    const needsAck = alarm.state === 'unacknowledged' || alarm.state === 'returned-unacknowledged';
    const keep = alarm.severity === 'critical' && needsAck && alarm.shelf === null && event.type !== 'out-of-service';
    if (!keep) {
      this.watched.delete(alarm.id);
      return;
    }
    const existing = this.watched.get(alarm.id);
    if (existing !== undefined) existing.alarm = alarm;
    else this.watched.set(alarm.id, { alarm, nextAt: now + this.policy.renotifyCriticalMs });
  }

  private single(alarm: Alarm, kind: 'single' | 'reminder'): PlannedNotification {
    const text = singleText(alarm, this.lookup, kind === 'reminder');
    return { kind, ...text, ...this.loudness(alarm.severity), stationId: alarm.stationId, alarmId: alarm.id, alarmIds: [alarm.id] };
  }

  private group(alarms: readonly Alarm[]): PlannedNotification {
    const severity: Severity = alarms.some((a) => a.severity === 'critical') ? 'critical' : 'warning';
    return { kind: 'group', ...groupText(alarms, this.lookup), ...this.loudness(severity), stationId: alarms[0]?.stationId ?? null, alarmId: null, alarmIds: alarms.map((a) => a.id) };
  }

  private loudness(severity: Severity): { urgency: 'normal' | 'critical'; silent: boolean } {
    return { urgency: severity === 'critical' ? 'critical' : 'normal', silent: !(this.policy.sound && this.policy.soundSeverities.includes(severity)) };
  }
}
