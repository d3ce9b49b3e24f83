import { metricInfo } from '../../../src-shared/domain/metrics';
import type { Unit } from '../../../src-shared/settings/shape';

/** A physical quantity with one catalogue unit (the unit of KNOWN_METRICS in src-shared/domain/metrics.ts). */
type Dimension = 'temperature' | 'pressure' | 'speed' | 'rain-rate';

/** value → (value + add) × multiply ÷ divide, in the dimension's catalogue unit. Integer factors where exact (212 °F is exactly 100 °C). */
interface Factor {
  readonly dimension: Dimension;
  readonly add: number;
  readonly multiply: number;
  readonly divide: number;
}

const CATALOGUE_UNIT: Readonly<Record<Dimension, string>> = { temperature: '°C', pressure: 'hPa', speed: 'm/s', 'rain-rate': 'mm/h' };

// Exact definitions: 1 mph = 0.44704 m/s and 1 knot = 1852 m/h (NIST SP 811, appendix B); 1 inHg (0 °C) = 3386.389 Pa.
const FACTORS: Readonly<Record<Unit, Factor>> = {
  degC: { dimension: 'temperature', add: 0, multiply: 1, divide: 1 },
  degF: { dimension: 'temperature', add: -32, multiply: 5, divide: 9 },
  K: { dimension: 'temperature', add: -273.15, multiply: 1, divide: 1 },
  hPa: { dimension: 'pressure', add: 0, multiply: 1, divide: 1 },
  mbar: { dimension: 'pressure', add: 0, multiply: 1, divide: 1 },
  Pa: { dimension: 'pressure', add: 0, multiply: 1, divide: 100 },
  kPa: { dimension: 'pressure', add: 0, multiply: 10, divide: 1 },
  inHg: { dimension: 'pressure', add: 0, multiply: 3386.389, divide: 100 },
  'm/s': { dimension: 'speed', add: 0, multiply: 1, divide: 1 },
  'km/h': { dimension: 'speed', add: 0, multiply: 1000, divide: 3600 },
  mph: { dimension: 'speed', add: 0, multiply: 0.44704, divide: 1 },
  knots: { dimension: 'speed', add: 0, multiply: 1852, divide: 3600 },
  'mm/h': { dimension: 'rain-rate', add: 0, multiply: 1, divide: 1 },
  'in/h': { dimension: 'rain-rate', add: 0, multiply: 25.4, divide: 1 },
};

/** A conversion into a metric's catalogue unit; null means "keep the value". */
export type UnitConversion = Factor | null;

/**
 * The conversion of values in `unit` into the catalogue unit of `metric`, or a problem in words when
 * they do not fit (°F for humidity). Metrics outside the catalogue take the dimension's catalogue unit.
 */
export function unitConversion(unit: Unit | null, metric: string): UnitConversion | string {
  if (unit === null) return null;
  const factor = FACTORS[unit];
  const target = metricInfo(metric).unit;
  const expected = CATALOGUE_UNIT[factor.dimension];
  if (target !== '' && target !== expected) return `metric "${metric}" is in ${target}; a field in ${unit} (a ${factor.dimension}) cannot be converted into it`;
  return factor.add === 0 && factor.multiply === 1 && factor.divide === 1 ? null : factor;
}

/** `value` converted by `conversion`. */
export function convertUnit(value: number, conversion: UnitConversion): number {
  if (conversion === null) return value;
  return ((value + conversion.add) * conversion.multiply) / conversion.divide;
}
