import { POLLUTANT_METRICS } from '../../src-shared/domain/metrics';

/**
 * The dashboard's chart groups: weather and the other physical sensors, or the air pollutants. Fifteen
 * charts in one grid leave each too small to read at 1366×768, so the operator looks at one group at a
 * time; metrics that appear later (new sensor types) join the weather group.
 */
export const CHART_GROUPS = [
  { id: 'weather', label: 'Weather & sensors' },
  { id: 'air', label: 'Air quality' },
] as const;

export type ChartGroup = (typeof CHART_GROUPS)[number]['id'];

const POLLUTANTS = new Set(POLLUTANT_METRICS.map((m) => m.id));

/** The metrics of `group`, in the order given. */
export function metricsInGroup(metrics: readonly string[], group: ChartGroup): string[] {
  return metrics.filter((metric) => POLLUTANTS.has(metric) === (group === 'air'));
}

/** The group asked for by `?charts=air|weather` in the page URL; else weather. */
export function initialChartGroup(search: string): ChartGroup {
  return new URLSearchParams(search).get('charts') === 'air' ? 'air' : 'weather';
}
