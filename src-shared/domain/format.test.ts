import { describe, expect, it } from 'vitest';
import { formatLevel, formatMeasurement, formatSilence } from './format';

describe('formatMeasurement', () => {
  it("rounds to the metric's decimals and adds its unit", () => {
    expect(formatMeasurement(43.256, 'temperature')).toBe('43.3 °C');
    expect(formatMeasurement(212.6, 'air_quality')).toBe('213 AQI');
    expect(formatMeasurement(45.04, 'particulate_matter')).toBe('45.0 µg/m³');
    expect(formatMeasurement(-0.04, 'temperature')).toBe('0.0 °C');
  });

  it('keeps two decimals and no unit for a metric outside the catalogue', () => {
    expect(formatMeasurement(1.23456, 'soil_moisture')).toBe('1.23');
  });
});

describe('formatLevel', () => {
  it('shows a limit as typed, with the unit', () => {
    expect(formatLevel(40, 'temperature')).toBe('40 °C');
    expect(formatLevel(0.25, 'rainfall')).toBe('0.25 mm/h');
    expect(formatLevel(7, 'soil_moisture')).toBe('7');
  });
});

describe('formatSilence', () => {
  it('says how long in whole seconds, then minutes, then hours', () => {
    expect(formatSilence(60_026)).toBe('60 s');
    expect(formatSilence(119_400)).toBe('119 s');
    expect(formatSilence(300_000)).toBe('5 min');
    expect(formatSilence(7_500_000)).toBe('2 h 05 min');
  });
});
