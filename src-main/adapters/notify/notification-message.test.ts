import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { DeliveryIntent } from '../../core/escalation/escalation-planner';
import { intentNotification, testNotification } from './notification-message';

const T0 = Date.UTC(2026, 6, 1, 12, 0);
const alarm: Alarm = {
  id: 'no2@st-9', ruleId: 'no2', stationId: 'st-9', metric: 'no2', kind: 'process', severity: 'warning', state: 'unacknowledged', isActive: true,
  message: 'NO2 above 200 µg/m³', value: 212.345, peakValue: 212.345, threshold: 200, activatedAt: T0, clearedAt: null, acknowledgedAt: null,
  acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: T0,
};
const intent: DeliveryIntent = { key: 'no2@st-9#1#p#2#mail', alarm, policyId: 'p', policyName: 'Air', step: 2, channelId: 'mail', since: T0, dueAt: T0 + 900_000 };

describe('notification messages', () => {
  it('documents the alarm with its unit, station, step and link', () => {
    const message = intentNotification(intent, { stationName: 'Ring Road', linkBaseUrl: 'http://127.0.0.1:8080/', now: T0 + 15 * 60_000 });
    expect(message.body).toEqual({
      kind: 'stationwatch.alarm', key: 'no2@st-9#1#p#2#mail',
      text: 'WARNING: NO2 above 200 µg/m³ at Ring Road (st-9): 212.3 µg/m³ — unacknowledged for 15 min',
      alarm: { id: 'no2@st-9', ruleId: 'no2', message: 'NO2 above 200 µg/m³', activatedAt: '2026-07-01T12:00:00.000Z', activatedAtMs: T0 },
      station: { id: 'st-9', name: 'Ring Road' }, metric: 'no2', metricLabel: 'NO2', value: 212.345, unit: 'µg/m³', threshold: 200,
      severity: 'warning', state: 'unacknowledged', escalation: { policyId: 'p', policyName: 'Air', step: 2 },
      link: 'http://127.0.0.1:8080/?alarm=no2%40st-9', sentAt: '2026-07-01T12:15:00.000Z',
    });
    expect(message.subject).toBe(`[Stationwatch] ${message.body.text}`);
    expect(message.text.split('\n')).toEqual([
      message.body.text, '', 'Alarm: no2@st-9 (rule no2)', 'Activated: 2026-07-01T12:00:00.000Z', 'Threshold: 200 µg/m³', 'Escalation: Air, step 2', 'Open: http://127.0.0.1:8080/?alarm=no2%40st-9',
    ]);
  });

  it('says how long in seconds, minutes or hours, and leaves the link out without a base address', () => {
    expect(intentNotification(intent, { stationName: null, linkBaseUrl: null, now: T0 + 42_000 }).body).toMatchObject({ link: null, text: 'WARNING: NO2 above 200 µg/m³ at st-9: 212.3 µg/m³ — unacknowledged for 42 s' });
    expect(intentNotification(intent, { stationName: null, linkBaseUrl: null, now: T0 + 130 * 60_000 }).body.text).toMatch(/unacknowledged for 2 h 10 min$/);
  });

  it('marks a test message as a test with no key', () => {
    const message = testNotification('On call', { stationName: null, linkBaseUrl: null, now: T0 });
    expect(message.body).toMatchObject({ kind: 'stationwatch.test', key: null, escalation: null });
    expect(message.subject).toBe('[Stationwatch] Test message for “On call”');
  });
});
