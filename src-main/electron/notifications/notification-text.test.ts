import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../src-shared/domain/alarms';
import { singleText } from './notification-text';

const alarm: Alarm = {
  id: 'temperature-extreme@st-03', ruleId: 'temperature-extreme', stationId: 'st-03', metric: 'temperature', kind: 'process', severity: 'critical',
  state: 'unacknowledged', isActive: true, message: 'Heat', value: 43.256, peakValue: 43.256, threshold: 40, activatedAt: 0, clearedAt: null,
  acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: 0,
};

describe('singleText', () => {
  it("rounds the value to the metric's decimals, with its unit", () => {
    expect(singleText(alarm, () => ({ name: 'South Stadium', district: 'South' }), false)).toEqual({
      title: 'Critical: Temperature at South Stadium',
      body: '43.3 °C — temperature above 40 °C (temperature, threshold 40 °C)',
    });
  });
});
