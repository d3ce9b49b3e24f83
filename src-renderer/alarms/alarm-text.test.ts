import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { alarmFigures, alarmLabel, alarmPlace, alarmSearchText, bulkFailureText } from './alarm-text';
import { NO_FILTER, visibleAlarms } from './alarm-sort';
import { makeAlarm } from './test-alarm';

const rule = (id: string) => DEFAULT_RULES.find((r) => r.id === id);
const parkland = { id: 'st-07', name: 'Parkland North', district: 'Parkland', lat: 1, lon: 1 };

describe('messages to the operator name alarms in words', () => {
  it('labels an alarm by station name, what it watches and severity — never by its internal id', () => {
    const alarm = makeAlarm({ id: 'temperature-rule-1@st-07', stationId: 'st-07', metric: 'humidity', severity: 'warning' });
    expect(alarmLabel(alarm, parkland)).toBe('Parkland North · Humidity (warning)');
    expect(alarmLabel({ ...alarm, metric: null }, undefined)).toBe('st-07 · No data (warning)');
  });

  it('says a reason shared by every failure once (before: "0 of 1 done. temperature-rule-1@st-03: Not connected to the server.")', () => {
    expect(bulkFailureText(1, [{ label: 'Parkland North · Humidity (warning)', reason: 'Not connected to the server' }])).toBe('0 of 1 done. Parkland North · Humidity (warning): Not connected to the server');
    expect(bulkFailureText(3, [{ label: 'a', reason: 'Not connected' }, { label: 'b', reason: 'Not connected' }])).toBe('1 of 3 done. 2 alarms: Not connected');
    expect(bulkFailureText(3, [{ label: 'a', reason: 'x' }, { label: 'b', reason: 'y' }])).toBe('1 of 3 done. a: x; b: y');
  });
});

describe('alarmFigures', () => {
  it('shows a threshold alarm rounded to the metric decimals with units', () => {
    const alarm = makeAlarm({ id: 'temperature-extreme@st-03', peakValue: 43.256, threshold: 40 });
    expect(alarmFigures(alarm, rule('temperature-extreme'))).toEqual({ what: 'Temperature', peak: '43.3 °C', limit: '40 °C' });
  });

  it('shows a silent station in words, not "process" and milliseconds', () => {
    const alarm = makeAlarm({ id: 'station-stale@st-03', metric: null, peakValue: 60_026, threshold: 60_000 });
    expect(alarmFigures(alarm, rule('station-stale'))).toEqual({ what: 'No data', peak: '60 s', limit: '60 s' });
  });

  it("shows an outlier's limit in σ and a system alarm without figures", () => {
    const outlier = makeAlarm({ id: 'outlier-6sigma@st-03', peakValue: 40.123, threshold: 6 });
    expect(alarmFigures(outlier, rule('outlier-6sigma'))).toEqual({ what: 'Temperature', peak: '40.1 °C', limit: '6σ' });
    expect(alarmFigures(makeAlarm({ id: 'system:store-buffer@*', kind: 'system', metric: null, peakValue: 0.84 }), undefined)).toEqual({ what: 'System', peak: '–', limit: '–' });
  });
});

describe('station names and districts', () => {
  it('names the station and its district, the id when the registry does not know it', () => {
    expect(alarmPlace('st-07', parkland)).toEqual({ name: 'Parkland North', district: 'Parkland' });
    expect(alarmPlace('st-99', undefined)).toEqual({ name: 'st-99', district: null });
    expect(alarmPlace('*', undefined)).toEqual({ name: 'City-wide', district: null });
  });

  it('the alarm filter finds alarms by district and station name', () => {
    const alarms = [makeAlarm({ id: 'temperature-high@st-07' }), makeAlarm({ id: 'temperature-high@st-01' })];
    const search = (a: (typeof alarms)[number]) => alarmSearchText(a, a.stationId === 'st-07' ? parkland : undefined);
    expect(visibleAlarms(alarms, { ...NO_FILTER, text: 'parkland' }, 0, search).map((a) => a.id)).toEqual(['temperature-high@st-07']);
    expect(visibleAlarms(alarms, { ...NO_FILTER, text: 'North' }, 0, search).map((a) => a.id)).toEqual(['temperature-high@st-07']);
    expect(visibleAlarms(alarms, { ...NO_FILTER, text: 'Temperature' }, 0, search)).toHaveLength(2);
  });
});
