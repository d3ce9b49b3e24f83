import { useCallback, useState } from 'react';
import type { FormEvent } from 'react';
import type { HistoryResult } from '../../src-shared/ipc/contract';
import type { QualityInvalidation } from '../../src-shared/domain/air-quality';
import { metricInfo } from '../../src-shared/domain/metrics';
import { useObservable, useSession } from '../app-context';
import { formatDuration } from '../alarms/alarm-sort';
import { historyToCsv } from './csv-export';
import { downloadText } from './download';
import { HistoryChart } from './history-chart';
import { HistoryLegend } from './history-legend';
import { InvalidPeriods } from './invalid-periods';
import { FlaggedHours } from './flagged-hours';
import type { FlagRun } from './flag-runs';

const RANGES = [
  { label: 'Last hour', ms: 3_600_000 },
  { label: 'Last 6 hours', ms: 21_600_000 },
  { label: 'Last 24 hours', ms: 86_400_000 },
  { label: 'Last 7 days', ms: 7 * 86_400_000 },
  { label: 'Last 30 days', ms: 30 * 86_400_000 },
  { label: 'Last 90 days', ms: 90 * 86_400_000 },
];

/** History: pick stations, a metric and a range; the store picks the resolution; drag to zoom; export CSV. */
export function HistoryView() {
  const session = useSession();
  const stations = useObservable(session.stations);
  const selection = useObservable(session.selection);
  const [picked, setPicked] = useState<readonly string[]>(() => (selection.length > 0 ? selection : []));
  const [metric, setMetric] = useState('temperature');
  const [rangeMs, setRangeMs] = useState(RANGES[0]!.ms);
  const [shown, setShown] = useState<{ from: number; to: number } | null>(null);
  const [result, setResult] = useState<HistoryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [invalid, setInvalid] = useState<readonly QualityInvalidation[]>([]);
  const [flagged, setFlagged] = useState<readonly FlagRun[]>([]);
  const idsKey = (picked.length > 0 ? picked : stations.slice(0, 5).map((s) => s.id)).join('\u0000');

  const query = useCallback(
    async (from: number, to: number) => {
      const ids = idsKey.split('\u0000').filter((id) => id !== '');
      if (ids.length === 0) return;
      setBusy(true);
      setError(null);
      try {
        const width = Math.max(300, Math.round(document.documentElement.clientWidth * 0.8));
        setResult(await session.api.request('history:query', { stationIds: ids.slice(0, 50), metric, from: Math.max(0, from), to, maxPoints: width }));
        setShown({ from, to });
      } catch (err) {
        setError(err instanceof Error ? err.message : String(err));
      } finally {
        setBusy(false);
      }
    },
    [session, idsKey, metric],
  );
  const onZoom = useCallback((from: number, to: number) => void query(from, to), [query]);

  // Event time can run ahead of the wall clock (a sped-up simulator): end at whichever is later.
  const latest = (): number => Math.max(Date.now(), session.status.get()?.watermark ?? 0);

  function submit(e: FormEvent): void {
    e.preventDefault();
    const to = latest();
    void query(to - rangeMs, to);
  }

  const points = result?.series.reduce((n, s) => n + s.ts.length, 0) ?? 0;
  return (
    <div className="page history" data-testid="history-view">
      <form className="history-form" onSubmit={submit}>
        <label className="field">
          <span>Stations (none picked = first five)</span>
          <select multiple size={6} value={[...picked]} onChange={(e) => setPicked([...e.target.selectedOptions].map((o) => o.value))} data-testid="history-stations">
            {stations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id} – {s.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Metric</span>
          <select value={metric} onChange={(e) => setMetric(e.target.value)} data-testid="history-metric">
            {session.live.metrics.map((m) => (
              <option key={m} value={m}>
                {metricInfo(m).label}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Range</span>
          <select value={rangeMs} onChange={(e) => setRangeMs(Number(e.target.value))} data-testid="history-range">
            {RANGES.map((r) => (
              <option key={r.ms} value={r.ms}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy} data-testid="history-query">
            {busy ? 'Querying…' : 'Show'}
          </button>
          {shown !== null && (
            <button type="button" onClick={() => void query(latest() - rangeMs, latest())} data-testid="history-reset-zoom">
              Reset zoom
            </button>
          )}
          <button type="button" disabled={result === null} onClick={() => result && downloadText(`stationwatch-${result.metric}-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.csv`, historyToCsv(result))} data-testid="history-export">
            Export CSV
          </button>
        </div>
        {error !== null && <p className="form-error" role="alert">{error}</p>}
        {result !== null && (
          <p className="hint" data-testid="history-summary" data-points={points} data-from={shown?.from} data-to={shown?.to}>
            {points} points · resolution {result.sizeMs === 0 ? 'raw readings' : formatDuration(result.sizeMs)} (chosen by the store) · drag across the chart to zoom
          </p>
        )}
        {result !== null && <HistoryLegend result={result} />}
      </form>
      <div className="history-plot">{result !== null && shown !== null ? <HistoryChart result={result} from={shown.from} to={shown.to} onZoom={onZoom} invalid={invalid} flagged={flagged} /> : <p className="empty">Pick stations, a metric and a range, then Show.</p>}</div>
      {result !== null && shown !== null && <FlaggedHours stationIds={result.series.map((s) => s.stationId)} metric={result.metric} from={shown.from} to={shown.to} onList={setFlagged} />}
      {result !== null && shown !== null && <InvalidPeriods stationIds={result.series.map((s) => s.stationId)} metric={result.metric} from={shown.from} to={shown.to} onList={setInvalid} />}
    </div>
  );
}
