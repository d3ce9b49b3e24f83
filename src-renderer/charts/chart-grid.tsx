import { useEffect, useMemo, useState } from 'react';
import { useObservable, useSession } from '../app-context';
import { useNow } from '../shell/use-now';
import { statisticKeys, thresholdLines } from './chart-series';
import { CHART_GROUPS, initialChartGroup, metricsInGroup } from './chart-groups';
import type { ChartGroup } from './chart-groups';
import { MetricChart } from './metric-chart';
import { initialSpan, SpanPicker } from './span-picker';
import { SelectionChips } from './selection-chips';
import { useBackfill } from './use-backfill';

/** The grid of live charts, one per metric, with the span picker and the selected stations. */
export function ChartGrid() {
  const session = useSession();
  const selection = useObservable(session.selection);
  const rules = useObservable(session.rules);
  const settings = useObservable(session.settings);
  const transport = useObservable(session.transport);
  const [spanMs, setSpanMs] = useState<number>(() => initialSpan(window.location.search));
  // New metrics (new sensor types) appear without a reload; checked every few seconds, not per frame.
  const tick = useNow(5000);
  const metricsKey = useMemo(() => (tick >= 0 ? session.live.metrics.join('\u0000') : ''), [session, tick]);
  const [group, setGroup] = useState<ChartGroup>(() => initialChartGroup(window.location.search));
  const metrics = useMemo(() => metricsInGroup(metricsKey.split('\u0000'), group), [metricsKey, group]);
  useBackfill(session, metrics, selection, spanMs, transport === 'open');
  // The live store collects the window statistics the rules evaluate, for the charts to draw beside the levels.
  useEffect(() => {
    session.live.ruleStatistics.track(metrics.flatMap((metric) => statisticKeys(rules, metric, selection)));
  }, [session, metrics, rules, selection]);
  const theme = settings?.settings.ui.theme ?? 'dark';

  return (
    <section className="charts" aria-label="Live charts">
      <div className="charts-toolbar">
        <SpanPicker value={spanMs} onChange={setSpanMs} />
        <div className="segmented" role="radiogroup" aria-label="Charts">
          {CHART_GROUPS.map((g) => (
            <button key={g.id} type="button" role="radio" aria-checked={group === g.id} data-testid={`charts-${g.id}`} onClick={() => setGroup(g.id)}>
              {g.label}
            </button>
          ))}
        </div>
        <SelectionChips />
      </div>
      <div className="chart-grid" data-testid="chart-grid">
        {metrics.map((metric) => (
          <MetricChart key={metric} metric={metric} spanMs={spanMs} stations={selection} levels={thresholdLines(rules, metric, selection)} statistics={statisticKeys(rules, metric, selection)} theme={theme} />
        ))}
      </div>
    </section>
  );
}
