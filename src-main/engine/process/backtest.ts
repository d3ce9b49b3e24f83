/**
 * Rule preview: how many alarms would this rule have raised over stored history? Replays the stored
 * windows through a fresh RuleEngine and AlarmManager. Raw-value rules are approximated by the
 * smallest stored window's max (for > rules) or min (for < rules), since raw readings are optional.
 */
import type { Rule } from '../../../src-shared/domain/rules';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { RuleEngine } from '../../core/rules/rule-engine';
import { AlarmManager } from '../../core/alarms/alarm-manager';
import type { StoreReader, WindowSeries } from '../../core/ports';

const SMALLEST_WINDOW_MS = 10_000;

export async function backtestRule(store: StoreReader, rule: Rule, from: number, to: number): Promise<{ activations: number; stations: string[] }> {
  if (rule.kind !== 'threshold') return { activations: 0, stations: [] };
  const isRaw = rule.statistic === 'value';
  const sizeMs = isRaw ? SMALLEST_WINDOW_MS : (rule.windowMs as number);
  const series = await store.queryWindows({ stationIds: rule.stationId === null ? null : [rule.stationId], metric: rule.metric, sizeMs, from, to });
  const replayed: Rule = isRaw ? { ...rule, statistic: rule.operator.startsWith('>') ? 'max' : 'min', windowMs: sizeMs } : rule;
  const engine = new RuleEngine([replayed]);
  const alarms = new AlarmManager();
  for (const w of mergeByTime(series, rule.metric, sizeMs)) engine.onWindow(w);
  for (const condition of engine.drainConditions()) alarms.applyCondition(condition);
  const activations = alarms.drainChanges().filter((c) => c.event.type === 'activated');
  return { activations: activations.length, stations: [...new Set(activations.map((c) => c.alarm.stationId))].sort() };
}

function mergeByTime(series: readonly WindowSeries[], metric: string, sizeMs: number): WindowAggregate[] {
  const out: WindowAggregate[] = [];
  for (const s of series) {
    for (let i = 0; i < s.start.length; i++) {
      out.push({ stationId: s.stationId, metric, sizeMs, start: s.start[i]!, count: s.count[i]!, mean: s.mean[i]!, min: s.min[i]!, max: s.max[i]!, stddev: s.stddev[i]!, p95: s.p95[i]! });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}
