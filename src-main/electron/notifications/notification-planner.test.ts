import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmEvent, AlarmEventType, AlarmState } from '../../../src-shared/domain/alarms';
import { defaultSettings } from '../../../src-shared/settings/schema';
import { GROUP_WINDOW_MS, NotificationPlanner } from './notification-planner';
import type { NotificationPolicy, PlannedNotification } from './notification-planner';
import { Notifier } from './notifier';

const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);
const stations: Record<string, { name: string; district: string }> = Object.fromEntries(
  Array.from({ length: 12 }, (_, i) => [`st-${String(i + 1).padStart(2, '0')}`, { name: `Station ${i + 1}`, district: i < 10 ? 'Centre' : 'Harbour' }]),
);
const lookup = (id: string) => stations[id] ?? null;

function policy(overrides: Partial<NotificationPolicy> = {}): NotificationPolicy {
  return { ...defaultSettings().notifications, ...overrides };
}

function alarm(stationId: string, overrides: Partial<Alarm> = {}): Alarm {
  const ruleId = overrides.ruleId ?? 'pm-high';
  return {
    id: `${ruleId}@${stationId}`,
    ruleId,
    stationId,
    metric: 'particulate_matter',
    kind: 'process',
    severity: 'warning',
    state: 'unacknowledged',
    isActive: true,
    message: 'PM above 45',
    value: 51.2,
    peakValue: 51.2,
    threshold: 45,
    activatedAt: T0,
    clearedAt: null,
    acknowledgedAt: null,
    acknowledgedBy: null,
    activationCount: 1,
    isChattering: false,
    shelf: null,
    updatedAt: T0,
    ...overrides,
  };
}

function change(subject: Alarm, type: AlarmEventType = 'activated', toState: AlarmState = subject.state): { alarm: Alarm; event: AlarmEvent } {
  return { alarm: { ...subject, state: toState }, event: { alarmId: subject.id, type, at: T0, who: 'system', comment: null, fromState: 'normal', toState, value: subject.value } };
}

describe('notification planner', () => {
  it('shows an activation with severity, station, metric, value and threshold', () => {
    const planner = new NotificationPlanner(policy(), lookup);
    const [shown, ...rest] = planner.onAlarmChanged(change(alarm('st-01', { severity: 'critical' })), T0);
    expect(rest).toEqual([]);
    expect(shown).toMatchObject({ kind: 'single', urgency: 'critical', stationId: 'st-01', alarmId: 'pm-high@st-01', title: 'Critical: Particulate matter at Station 1' });
    expect(shown?.body).toBe('51.2 µg/m³ — particulate_matter above 45 µg/m³ (particulate_matter, threshold 45 µg/m³)');
    expect(planner.onAlarmChanged(change(alarm('st-02')), T0)[0]?.urgency).toBe('normal');
  });

  it('skips shelved alarms, non-activations and everything when disabled', () => {
    const planner = new NotificationPlanner(policy(), lookup);
    expect(planner.onAlarmChanged(change(alarm('st-01', { shelf: { by: 'ada', reason: 'maintenance', until: T0 + 1 } })), T0)).toEqual([]);
    expect(planner.onAlarmChanged(change(alarm('st-02'), 'acknowledged', 'acknowledged'), T0)).toEqual([]);
    planner.setPolicy(policy({ enabled: false }));
    expect(planner.onAlarmChanged(change(alarm('st-03')), T0)).toEqual([]);
  });

  it('groups a flood into one notification per rule after the first few', () => {
    const planner = new NotificationPlanner(policy({ groupAfter: 3 }), lookup);
    const shown: PlannedNotification[] = [];
    for (let i = 1; i <= 10; i++) shown.push(...planner.onAlarmChanged(change(alarm(`st-${String(i).padStart(2, '0')}`)), T0 + i * 100));
    shown.push(...planner.onAlarmChanged(change(alarm('st-11', { ruleId: 'noise-high', metric: 'noise_level', threshold: 70, value: 75 })), T0 + 1100));
    expect(shown.map((n) => n.kind)).toEqual(['single', 'single', 'single']);
    expect(planner.tick(T0 + 400 + GROUP_WINDOW_MS - 1)).toEqual([]);
    const flushed = planner.tick(T0 + 400 + GROUP_WINDOW_MS);
    expect(flushed).toHaveLength(2);
    expect(flushed[0]).toMatchObject({ kind: 'group', body: '7 stations: particulate_matter above 45 µg/m³ in Centre district', stationId: 'st-04', alarmId: null });
    expect(flushed[0]?.alarmIds).toHaveLength(7);
    expect(flushed[1]).toMatchObject({ kind: 'single', stationId: 'st-11' });
    // The flood is over: the next activation shows on its own again.
    expect(planner.onAlarmChanged(change(alarm('st-12')), T0 + 20_000)[0]?.kind).toBe('single');
  });

  it('notifies each (rule, station) at most once per interval', () => {
    const planner = new NotificationPlanner(policy({ perAlarmIntervalMs: 60_000 }), lookup);
    const subject = alarm('st-01');
    expect(planner.onAlarmChanged(change(subject), T0)).toHaveLength(1);
    expect(planner.onAlarmChanged(change(subject), T0 + 59_999)).toEqual([]);
    expect(planner.onAlarmChanged(change(alarm('st-02')), T0 + 30_000)).toHaveLength(1);
    expect(planner.onAlarmChanged(change(subject), T0 + 60_000)).toHaveLength(1);
  });

  it('re-notifies an unacknowledged critical alarm every interval until it is acknowledged', () => {
    const planner = new NotificationPlanner(policy({ renotifyCriticalMs: 600_000 }), lookup);
    const critical = alarm('st-05', { severity: 'critical' });
    planner.onAlarmChanged(change(critical), T0);
    planner.onAlarmChanged(change(alarm('st-06')), T0); // warnings never repeat
    expect(planner.tick(T0 + 599_999)).toEqual([]);
    const first = planner.tick(T0 + 600_000);
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: 'reminder', urgency: 'critical', stationId: 'st-05', title: 'Critical (not acknowledged): Particulate matter at Station 5' });
    expect(planner.tick(T0 + 900_000)).toEqual([]);
    // Cleared but still unacknowledged (returned-unacknowledged) keeps reminding.
    planner.onAlarmChanged(change(critical, 'returned', 'returned-unacknowledged'), T0 + 1_000_000);
    expect(planner.tick(T0 + 1_200_000)).toHaveLength(1);
    planner.onAlarmChanged(change(critical, 'acknowledged', 'normal'), T0 + 1_300_000);
    expect(planner.pendingReminders).toBe(0);
    expect(planner.tick(T0 + 5_000_000)).toEqual([]);
  });

  it('stops reminding when a critical alarm is shelved', () => {
    const planner = new NotificationPlanner(policy({ renotifyCriticalMs: 1000 }), lookup);
    const critical = alarm('st-07', { severity: 'critical' });
    planner.onAlarmChanged(change(critical), T0);
    planner.onAlarmChanged(change({ ...critical, shelf: { by: 'ada', reason: 'sensor swap', until: T0 + 3_600_000 } }, 'shelved'), T0 + 10);
    expect(planner.tick(T0 + 5000)).toEqual([]);
  });

  it('stays silent while paused from the tray, then resumes (pending reminders included)', () => {
    const planner = new NotificationPlanner(policy({ renotifyCriticalMs: 60_000 }), lookup);
    planner.pause(T0 + 15 * 60_000);
    expect(planner.isPaused(T0)).toBe(true);
    expect(planner.onAlarmChanged(change(alarm('st-08', { severity: 'critical' })), T0)).toEqual([]);
    expect(planner.tick(T0 + 120_000)).toEqual([]);
    expect(planner.tick(T0 + 15 * 60_000)).toHaveLength(1);
    expect(planner.onAlarmChanged(change(alarm('st-09')), T0 + 15 * 60_000)).toHaveLength(1);
  });

  it('plays a sound only for the chosen severities, and only when sound is on', () => {
    const loud = new NotificationPlanner(policy({ sound: true, soundSeverities: ['critical'] }), lookup);
    expect(loud.onAlarmChanged(change(alarm('st-01', { severity: 'critical' })), T0)[0]?.silent).toBe(false);
    expect(loud.onAlarmChanged(change(alarm('st-02')), T0)[0]?.silent).toBe(true);
    const quiet = new NotificationPlanner(policy({ sound: false, soundSeverities: ['critical', 'warning'] }), lookup);
    expect(quiet.onAlarmChanged(change(alarm('st-01', { severity: 'critical' })), T0)[0]?.silent).toBe(true);
  });
});

describe('notifier', () => {
  it('shows planned notifications and reports which station a click should focus', () => {
    const created: { options: unknown; notification: EventEmitter & { shown: number } }[] = [];
    const clicked: (string | null)[] = [];
    const notifier = new Notifier(
      new NotificationPlanner(policy(), lookup),
      (options) => {
        const notification = Object.assign(new EventEmitter(), { shown: 0, show: () => void notification.shown++ });
        created.push({ options, notification });
        return notification;
      },
      (item) => clicked.push(item.stationId),
    );
    notifier.onAlarmChanged(change(alarm('st-03', { severity: 'critical' })), T0);
    expect(created).toHaveLength(1);
    expect(created[0]?.options).toMatchObject({ title: 'Critical: Particulate matter at Station 3', urgency: 'critical', silent: true });
    expect(created[0]?.notification.shown).toBe(1);
    created[0]?.notification.emit('click');
    expect(clicked).toEqual(['st-03']);
    notifier.showPlain('Stationwatch engine restarted', 'restart 1', 'critical', T0);
    expect(created[1]?.options).toMatchObject({ title: 'Stationwatch engine restarted', urgency: 'critical' });
  });
});
