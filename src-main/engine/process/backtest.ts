/**
 * Rule preview: which alarms would this rule have raised over stored history, and when? Replays the
 * stored windows through a fresh RuleEngine and AlarmManager. Raw-value rules are approximated by the
 * smallest stored window's max (for > rules) or min (for < rules), since raw readings are optional.
 */
import type { Rule } from '../../../src-shared/domain/rules';
import type { WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { BACKTEST_MAX_FIRINGS } from '../../../src-shared/ipc/contract';
import type { BacktestFiring, BacktestResult } from '../../../src-shared/ipc/contract';
import { RuleEngine } from '../../core/rules/rule-engine';
import { AlarmManager } from '../../core/alarms/alarm-manager';
import type { AlarmChange } from '../../core/alarms/alarm-manager';
import type { StoreReader, WindowSeries } from '../../core/ports';

const SMALLEST_WINDOW_MS = 10_000;

export async function backtestRule(store: StoreReader, rule: Rule, from: number, to: number): Promise<BacktestResult> {
  if (rule.kind !== 'threshold') return { activations: 0, stations: [], firings: [] };
  const isRaw = rule.statistic === 'value';
  const sizeMs = isRaw ? SMALLEST_WINDOW_MS : (rule.windowMs as number);
  const series = await store.queryWindows({ stationIds: rule.stationId === null ? null : [rule.stationId], metric: rule.metric, sizeMs, from, to });
  const replayed: Rule = isRaw ? { ...rule, statistic: rule.operator.startsWith('>') ? 'max' : 'min', windowMs: sizeMs } : rule;
  const engine = new RuleEngine([replayed]);
  const alarms = new AlarmManager();
  for (const w of mergeByTime(series, rule.metric, sizeMs)) engine.onWindow(w);
  for (const condition of engine.drainConditions()) alarms.applyCondition(condition);
  const changes = alarms.drainChanges();
  const activations = changes.filter((c) => c.event.type === 'activated');
  return { activations: activations.length, stations: [...new Set(activations.map((c) => c.alarm.stationId))].sort(), firings: firingsOf(changes).slice(0, BACKTEST_MAX_FIRINGS) };
}

/** Each activation with the clearing that ended it (the next 'returned' or 'cleared' of the same alarm), in time order. */
function firingsOf(changes: readonly AlarmChange[]): BacktestFiring[] {
  const firings: { stationId: string; at: number; clearedAt: number | null }[] = [];
  const open = new Map<string, (typeof firings)[number]>();
  for (const { alarm, event } of changes) {
    if (event.type === 'activated') {
      const firing = { stationId: alarm.stationId, at: event.at, clearedAt: null };
      firings.push(firing);
      open.set(alarm.id, firing);
    } else if (event.type === 'returned' || event.type === 'cleared') {
      const firing = open.get(alarm.id);
      if (firing !== undefined) firing.clearedAt = event.at;
      open.delete(alarm.id);
    }
  }
  return firings.sort((a, b) => a.at - b.at);
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
