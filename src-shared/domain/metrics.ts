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
  expectedMean: number,
  expectedSigma: number,
  physicalMin: number | null,
  physicalMax: number | null,
): MetricInfo {
  return { id, label, unit, decimals, expectedMean, expectedSigma, physicalMin, physicalMax };
}

/** The nine metrics every station of the default city reports. */
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
];

const byId = new Map(KNOWN_METRICS.map((m) => [m.id, m]));

/** Catalogue entry for a metric id; unknown metrics (new sensor types) get a generic entry. */
export function metricInfo(id: string): MetricInfo {
  return byId.get(id) ?? genericMetric(id);
}

/** True for the nine metrics with catalogue entries. */
export function isKnownMetric(id: string): boolean {
  return byId.has(id);
}

function genericMetric(id: string): MetricInfo {
  const label = id.replace(/[_-]+/g, ' ').replace(/^\w/, (c) => c.toUpperCase());
  return { id, label, unit: '', decimals: 2, expectedMean: null, expectedSigma: null, physicalMin: null, physicalMax: null };
}
