import type { Rule } from '../../src-shared/domain/rules';
import { DEFAULT_STALE_MS } from './station-status';

/** The map greys a station after the shortest enabled all-station stale rule (60 s by default). */
export function staleAfterMs(rules: readonly Rule[]): number {
  let ms = Number.POSITIVE_INFINITY;
  for (const rule of rules) if (rule.kind === 'stale' && rule.enabled && rule.stationId === null) ms = Math.min(ms, rule.afterMs);
  return Number.isFinite(ms) ? ms : DEFAULT_STALE_MS;
}
