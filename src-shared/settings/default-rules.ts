import type { Rule } from '../domain/rules';

/**
 * Rules that ship enabled. They look at window means with a pending duration and a clear level,
 * never at raw single readings against ±3σ: at 12 stations × 9 metrics raw rules would alarm every
 * few seconds (EEMUA 191 calls ~1 alarm per 10 minutes acceptable). Calibrated on the simulator.
 * Heat is judged on 10-s means so a critical heatwave is announced within 30 s of the mean passing
 * 40 °C (20 s pending + 5 s allowed lateness; README "How fast each default rule announces").
 */
export const DEFAULT_RULES: readonly Rule[] = [
  threshold('temperature-high', 'Heat: 10-s mean temperature high', 'temperature', 'mean', 10_000, '>', 35, 33, 30_000, 'warning'),
  threshold('temperature-extreme', 'Heat: 10-s mean temperature extreme', 'temperature', 'mean', 10_000, '>', 40, 38, 20_000, 'critical'),
  threshold('pm-high', 'Particulate matter: 1-min mean above 45 µg/m³', 'particulate_matter', 'mean', 60_000, '>', 45, 40, 60_000, 'warning'),
  threshold('aqi-unhealthy', 'Air quality: 5-min mean AQI above 300', 'air_quality', 'mean', 300_000, '>', 300, 280, 0, 'critical'),
  threshold('noise-who-day', 'Noise: 1-h mean above 55 dB(A) (WHO/EU day level)', 'noise_level', 'mean', 3_600_000, '>', 55, 53, 0, 'warning'),
  threshold('rain-heavy', 'Rain: 5-min mean above 20 mm/h', 'rainfall', 'mean', 300_000, '>', 20, 15, 0, 'warning'),
  threshold('wind-strong', 'Wind: 1-min mean above 17 m/s (gale)', 'wind_speed', 'mean', 60_000, '>', 17, 14, 60_000, 'warning'),
  { kind: 'outlier', id: 'outlier-6sigma', name: 'Outlier: more than 6σ from expected', enabled: true, severity: 'warning', metric: null, k: 6, raiseAlarm: false },
  { kind: 'stale', id: 'station-stale', name: 'Station silent for 60 s', enabled: true, severity: 'warning', stationId: null, afterMs: 60_000 },
];

function threshold(
  id: string,
  name: string,
  metric: string,
  statistic: 'mean' | 'max' | 'p95',
  windowMs: number,
  operator: '>' | '<',
  level: number,
  clearLevel: number,
  pendingMs: number,
  severity: 'warning' | 'critical',
): Rule {
  return { kind: 'threshold', id, name, enabled: true, severity, metric, stationId: null, statistic, windowMs, operator, level, clearLevel, pendingMs };
}
