/** The calibration-due warning (issue 18): per station, raised 30 calendar days ahead, returned when the date moves. */
import { describe, expect, it } from 'vitest';
import type { Station } from '../../src-shared/domain/station';
import { CALIBRATION_WARNING_DAYS, SYSTEM_RULES, SystemAlarms } from './system-alarms';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 11, 6, 13, 0);
const TODAY = Date.UTC(2026, 11, 6);

function station(id: string, dueInDays: number | null, name = id): Station {
  return { id, name, district: '', lat: null, lon: null, calibrationDueAt: dueInDays === null ? null : TODAY + dueInDays * DAY };
}

describe('calibration-due system alarm', () => {
  it('warns for a station due within 30 days or overdue, at the edge included, and not for one due later or without a date', () => {
    const alarms = new SystemAlarms();
    alarms.onCalibrationDue(
      [station('st-due', 14, 'Dam'), station('st-edge', CALIBRATION_WARNING_DAYS), station('st-later', CALIBRATION_WARNING_DAYS + 1), station('st-late', -6), station('st-today', 0), station('st-none', null), { id: 'st-old', name: 'Old', district: '', lat: null, lon: null }],
      NOW,
    );
    const raised = alarms.drain();
    expect(raised.map((c) => c.stationId)).toEqual(['st-due', 'st-edge', 'st-late', 'st-today']);
    for (const c of raised) expect(c).toMatchObject({ ruleId: SYSTEM_RULES.calibrationDue, isActive: true, severity: 'warning', metric: null, threshold: 30, at: NOW });
    expect(raised.map((c) => c.value)).toEqual([14, 30, -6, 0]);
    expect(raised.map((c) => c.message)).toEqual([
      'Calibration of Dam (st-due) is due on 2026-12-20, in 14 days',
      'Calibration of st-edge is due on 2027-01-05, in 30 days',
      'Calibration of st-late was due on 2026-11-30, 6 days ago',
      'Calibration of st-today is due today (2026-12-06)',
    ]);
  });

  it('raises once, returns when the date moves out or the station goes, and raises again when the day comes', () => {
    const alarms = new SystemAlarms();
    alarms.onCalibrationDue([station('st-1', 31), station('st-2', 10)], NOW);
    expect(alarms.drain().map((c) => [c.stationId, c.isActive])).toEqual([['st-2', true]]);
    // A day later st-1 enters the window; st-2 is still active, so nothing new for it.
    alarms.onCalibrationDue([station('st-1', 31), station('st-2', 10)], NOW + DAY);
    expect(alarms.drain().map((c) => [c.stationId, c.isActive])).toEqual([['st-1', true]]);
    // st-2 calibrated: its date moves a year on; st-1 leaves the registry.
    alarms.onCalibrationDue([station('st-2', 375)], NOW + DAY);
    const returned = alarms.drain();
    expect(returned.map((c) => [c.stationId, c.isActive])).toEqual([['st-2', false], ['st-1', false]]);
    expect(returned[0]?.message).toBe('Calibration of st-2 is next due on 2027-12-16');
    alarms.onCalibrationDue([station('st-2', 375)], NOW + 2 * DAY);
    expect(alarms.drain()).toEqual([]);
  });
});
