/** What the app knows about a metric: how to show it and what values to expect. */
export interface MetricInfo {
  readonly id: string;
  readonly label: string;
  readonly unit: string;
  readonly decimals: number;
  /** Expected distribution, used by outlier rules (|z| > k) and by the simulator. */
  readonly expectedMean: number | null;
  readonly expectedSigma: number | null;
  /** Physically possible range; values outside it only come from faulty sensors. */
  readonly physicalMin: number | null;
  readonly physicalMax: number | null;
}

function metric(
  id: string,
  label: string,
  unit: string,
  decimals: number,
  expectedMean: number | null,
  expectedSigma: number | null,
  physicalMin: number | null,
  physicalMax: number | null,
): MetricInfo {
  return { id, label, unit, decimals, expectedMean, expectedSigma, physicalMin, physicalMax };
}

/**
 * The regulated air pollutants, ids as in src-main/core/air-quality/pollutants.ts and units as the EU
 * directives report them (µg/m³; CO mg/m³). They carry no expected mean/σ: their distributions are
 * skewed and follow the time of day, so a fixed |z| > k would flag every rush hour; the air-quality
 * data-quality flags (spike, stuck, neighbours) judge them instead. The ranges are the plausible
 * engineering bounds of core/air-quality/quality-flags.ts (a small negative value is instrument noise
 * around zero); a test keeps the two in step.
 */
export const POLLUTANT_METRICS: readonly MetricInfo[] = [
  metric('pm10', 'PM10', 'µg/m³', 1, null, null, -5, 5000),
  metric('pm25', 'PM2.5', 'µg/m³', 1, null, null, -5, 3000),
  metric('no2', 'NO2', 'µg/m³', 1, null, null, -5, 2000),
  metric('o3', 'O3', 'µg/m³', 1, null, null, -5, 1000),
  metric('so2', 'SO2', 'µg/m³', 1, null, null, -5, 3000),
  metric('co', 'CO', 'mg/m³', 2, null, null, -0.5, 100),
];

/** The metrics every station of the default city reports: nine weather and environment metrics, then the pollutants. */
export const KNOWN_METRICS: readonly MetricInfo[] = [
  metric('temperature', 'Temperature', '°C', 1, 25, 2, -90, 60),
  metric('humidity', 'Humidity', '%', 1, 60, 3, 0, 100),
  metric('pressure', 'Pressure', 'hPa', 1, 1013, 2, 850, 1100),
  metric('air_quality', 'Air quality', 'AQI', 0, 200, 20, 0, 500),
  metric('particulate_matter', 'Particulate matter', 'µg/m³', 1, 30, 2, 0, 1000),
  metric('noise_level', 'Noise', 'dB(A)', 1, 50, 3, 0, 194),
  metric('illuminance', 'Illuminance', 'lx', 0, 500, 50, 0, 200000),
  metric('wind_speed', 'Wind speed', 'm/s', 1, 5, 2, 0, 120),
  metric('rainfall', 'Rainfall', 'mm/h', 1, 0, 3, 0, 500),
  ...POLLUTANT_METRICS,
];

const byId = new Map(KNOWN_METRICS.map((m) => [m.id, m]));

/** Catalogue entry for a metric id; unknown metrics (new sensor types) get a generic entry. */
export function metricInfo(id: string): MetricInfo {
  return byId.get(id) ?? genericMetric(id);
}

/** True for the metrics with catalogue entries. */
export function isKnownMetric(id: string): boolean {
  return byId.has(id);
}

function genericMetric(id: string): MetricInfo {
  const label = id.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
  return { id, label, unit: '', decimals: 2, expectedMean: null, expectedSigma: null, physicalMin: null, physicalMax: null };
}
