import { describe, expect, it } from 'vitest';
import { convertUnit, unitConversion, type UnitConversion } from './units';

function conversion(unit: Parameters<typeof unitConversion>[0], metric: string): UnitConversion {
  const result = unitConversion(unit, metric);
  if (typeof result === 'string') throw new Error(result);
  return result;
}

describe('unit conversion into the catalogue unit', () => {
  it('converts temperatures to °C at the published fixed points', () => {
    const fahrenheit = conversion('degF', 'temperature');
    expect(convertUnit(212, fahrenheit)).toBe(100); // water boils
    expect(convertUnit(32, fahrenheit)).toBe(0); // water freezes
    expect(convertUnit(-40, fahrenheit)).toBe(-40); // the scales meet
    expect(convertUnit(273.15, conversion('K', 'temperature'))).toBe(0);
  });

  it('converts pressures to hPa and speeds to m/s', () => {
    expect(convertUnit(101_325, conversion('Pa', 'pressure'))).toBeCloseTo(1013.25, 10); // standard atmosphere
    expect(convertUnit(101.325, conversion('kPa', 'pressure'))).toBeCloseTo(1013.25, 10);
    expect(convertUnit(29.92, conversion('inHg', 'pressure'))).toBeCloseTo(1013.2, 1);
    expect(convertUnit(1, conversion('mph', 'wind_speed'))).toBe(0.44704); // exact by definition
    expect(convertUnit(3600, conversion('knots', 'wind_speed'))).toBe(1852); // 1 knot = 1852 m/h
    expect(convertUnit(36, conversion('km/h', 'wind_speed'))).toBe(10);
    expect(convertUnit(1, conversion('in/h', 'rainfall'))).toBe(25.4);
  });

  it('keeps values already in the catalogue unit, and converts metrics outside the catalogue into the base unit', () => {
    expect(unitConversion(null, 'temperature')).toBeNull();
    expect(unitConversion('hPa', 'pressure')).toBeNull();
    expect(convertUnit(50, conversion('degF', 'soil_temperature'))).toBeCloseTo(10, 12);
  });

  it('refuses a unit of another quantity than its metric, in words', () => {
    expect(unitConversion('degF', 'humidity')).toMatch(/humidity.*%.*degF.*temperature/);
    expect(unitConversion('mph', 'pressure')).toMatch(/hPa.*mph.*speed/);
  });
});
