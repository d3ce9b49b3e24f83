import { describe, expect, it } from 'vitest';
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import { autoEntryFor, databaseEntry, outOfServiceEntry } from './auto-entry';

const base: Alarm = {
  id: 'temperature-extreme@st-03', ruleId: 'temperature-extreme', stationId: 'st-03', metric: 'temperature', kind: 'process', severity: 'critical',
  state: 'unacknowledged', isActive: true, message: 'Temperature above 40 °C', value: 41, peakValue: 41, threshold: 40, activatedAt: 1, clearedAt: null,
  acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: null, updatedAt: 1,
};
const event = (type: AlarmEvent['type'], who = 'system', comment: string | null = null): AlarmEvent => ({ alarmId: base.id, type, at: 5, who, comment, fromState: 'normal', toState: 'unacknowledged', value: null });

describe('autoEntryFor', () => {
  it('notes critical alarms raised and acknowledged (with the comment), not warnings', () => {
    expect(autoEntryFor(base, event('activated'))).toEqual({ text: 'Critical alarm raised at st-03: Temperature above 40 °C', stationId: 'st-03' });
    expect(autoEntryFor(base, event('acknowledged', 'Ana', 'crew sent'))).toEqual({ text: 'Critical alarm temperature-extreme@st-03 acknowledged by Ana: crew sent', stationId: 'st-03' });
    expect(autoEntryFor({ ...base, severity: 'warning' }, event('activated'))).toBeNull();
    expect(autoEntryFor(base, event('cleared'))).toBeNull();
  });

  it('notes shelving with its reason and expiry, and the source lost and back', () => {
    const shelved = { ...base, severity: 'warning' as const, shelf: { by: 'Ana', reason: 'calibration', until: Date.UTC(2027, 0, 1) } };
    expect(autoEntryFor(shelved, event('shelved', 'Ana', 'calibration'))?.text).toBe('Alarm temperature-extreme@st-03 shelved by Ana until 2027-01-01T00:00:00.000Z: calibration');
    const source = { ...base, id: 'system:source@*', ruleId: 'system:source', kind: 'system' as const, message: 'Kafka unreachable' };
    expect(autoEntryFor(source, event('activated'))).toEqual({ text: 'Data source lost: Kafka unreachable', stationId: null });
    expect(autoEntryFor(source, event('cleared'))).toEqual({ text: 'Data source back', stationId: null });
  });

  it('notes public notices issued and withdrawn, with who did it; not drafts or edits', () => {
    const o3 = { ...base, id: 'air:o3-information@st-05', ruleId: 'air:o3-information', stationId: 'st-05', severity: 'warning' as const };
    expect(autoEntryFor(o3, event('notice-issued', 'Ana de Vries', 'Public notice n-7 issued'))).toEqual({ text: 'Public notice n-7 issued (Ana de Vries) at st-05', stationId: 'st-05' });
    expect(autoEntryFor(o3, event('notice-withdrawn', 'Bram', 'Public notice n-7 withdrawn: sensor fault'))?.text).toBe('Public notice n-7 withdrawn: sensor fault (Bram) at st-05');
    expect(autoEntryFor(o3, event('notice-drafted', 'system', 'drafted'))).toBeNull();
    expect(autoEntryFor(o3, event('notice-edited', 'Ana', 'edited'))).toBeNull();
  });

  it('words out-of-service changes and database outages', () => {
    expect(outOfServiceEntry('st-04', null, true, 'Bram', 'mast replaced').text).toBe('Station st-04 taken out of service by Bram: mast replaced');
    expect(outOfServiceEntry('st-04', 'pm25', false, 'Bram', null).text).toBe('pm25 at st-04 back in service by Bram');
    expect(databaseEntry('ok', 'unavailable', 'connection refused')?.text).toBe('Database lost: connection refused');
    expect(databaseEntry('unavailable', 'buffering', null)).toBeNull();
    expect(databaseEntry('buffering', 'ok', null)?.text).toBe('Database back');
  });
});
