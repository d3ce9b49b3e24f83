/**
 * The pollutant metrics of the shared catalogue agree with the air-quality core: same ids, display
 * names and units as core/air-quality/pollutants.ts, same plausible ranges as its quality flags, and
 * the simulator emits them in catalogue order.
 */
import { describe, expect, it } from 'vitest';
import { KNOWN_METRICS, POLLUTANT_METRICS, isKnownMetric, metricInfo } from '../../../src-shared/domain/metrics';
import { CONCENTRATION_UNIT, POLLUTANTS, POLLUTANT_LABEL } from '../../core/air-quality/pollutants';
import { DEFAULT_RANGES } from '../../core/air-quality/quality-flags';
import { POLLUTANT_ORDER } from './pollutant-profiles';

describe('pollutant metrics in the catalogue', () => {
  it('use the air-quality core ids, labels, units and plausible ranges', () => {
    expect(POLLUTANT_METRICS.map((m) => m.id)).toEqual([...POLLUTANTS]);
    for (const pollutant of POLLUTANTS) {
      const info = metricInfo(pollutant);
      expect(isKnownMetric(pollutant)).toBe(true);
      expect(info.label).toBe(POLLUTANT_LABEL[pollutant]);
      expect(info.unit).toBe(CONCENTRATION_UNIT[pollutant]);
      expect({ min: info.physicalMin, max: info.physicalMax }).toEqual(DEFAULT_RANGES[pollutant]);
      // No fixed distribution: a |z| outlier rule would flag every rush hour.
      expect(info.expectedMean).toBeNull();
    }
  });

  it('come after the nine weather metrics, in the order the simulator emits them', () => {
    expect(KNOWN_METRICS.slice(9)).toEqual(POLLUTANT_METRICS);
    expect([...POLLUTANT_ORDER]).toEqual([...POLLUTANTS]);
  });
});
