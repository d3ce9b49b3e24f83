import { describe, expect, it } from 'vitest';
import { initialChartGroup, metricsInGroup } from './chart-groups';

describe('chart groups', () => {
  const metrics = ['temperature', 'pm10', 'humidity', 'no2', 'o3', 'soil_moisture', 'co'];

  it('splits pollutants from weather and the other sensors, new sensor types with the weather', () => {
    expect(metricsInGroup(metrics, 'air')).toEqual(['pm10', 'no2', 'o3', 'co']);
    expect(metricsInGroup(metrics, 'weather')).toEqual(['temperature', 'humidity', 'soil_moisture']);
  });

  it('reads the group from the URL, weather by default', () => {
    expect(initialChartGroup('?charts=air')).toBe('air');
    expect(initialChartGroup('?charts=weather')).toBe('weather');
    expect(initialChartGroup('?charts=nonsense')).toBe('weather');
    expect(initialChartGroup('')).toBe('weather');
  });
});
