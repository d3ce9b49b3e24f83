import { useCallback, useEffect, useState } from 'react';
import { useObservable, useSession } from '../app-context';
import type { AirComplianceFigure, AirComplianceResult, QualityInvalidation } from '../../src-shared/domain/air-quality';
import { downloadText } from '../history/download';
import { complianceToCsv } from './compliance-csv';
import { pollutantName } from './air-index-store';
import { NoticeList } from './notice-list';
import { percentText as percent, STATUS_TEXT, type ComplianceReportInput } from './compliance-report';
import { ComplianceReportView } from './compliance-report-view';
import { ComplianceMarks, yearMarks } from './compliance-marks';

/** One figure's row: the sentence, status, data capture, projection, and the exceedances collapsed. */
function FigureRow(props: { readonly stationId: string; readonly pollutant: string; readonly figure: AirComplianceFigure }) {
  const f = props.figure;
  const isAnnual = f.standard.statistic === 'annual-mean';
  return (
    <tr data-testid="compliance-row" data-standard={f.standard.id} data-station={props.stationId}>
      <td>{props.stationId}</td>
      <td>{pollutantName(props.pollutant)}</td>
      <td>
        <span title={f.standard.source}>{f.text}</span>
        {f.exceedanceList.length > 0 && (
          <details>
            <summary>{f.exceedanceList.length} {f.exceedanceList.length === 1 ? 'exceedance' : 'exceedances'}</summary>
            <ul>{f.exceedanceList.map((e) => <li key={e.startMs}>{e.label}: {Math.round(e.value * 10) / 10} {f.unit}</li>)}</ul>
          </details>
        )}
      </td>
      <td className={`status-${f.status}`}>{STATUS_TEXT[f.status]}</td>
      <td className="num">{isAnnual ? `${percent(f.annualCapture)} of the year` : `${percent(f.dataCapture)} (${f.validPeriods}/${f.elapsedPeriods})`}</td>
      <td className="num">{isAnnual ? (f.annualMean === null ? '—' : `${Math.round(f.annualMean * 10) / 10} ${f.unit}`) : f.projected === null ? '—' : String(Math.round(f.projected))}</td>
    </tr>
  );
}

/**
 * The Compliance page (issue 18): per station and pollutant, where the year stands against the selected
 * EU standard set — the count against the allowance, data capture, the exceedances and the projection to
 * year-end — from the stored history (or the engine's live counters), the year's invalid marks with
 * Revoke, CSV export of the table, and a print view of the whole as a report (frozen when opened).
 */
export function ComplianceView() {
  const session = useSession();
  const stations = useObservable(session.stations);
  const person = useObservable(session.person);
  const settings = useObservable(session.settings);
  const [year, setYear] = useState<number | null>(null);
  const [result, setResult] = useState<AirComplianceResult | null>(null);
  const [marks, setMarks] = useState<readonly QualityInvalidation[]>([]);
  const [report, setReport] = useState<ComplianceReportInput | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useCallback(() => {
    session.api
      .request('air:compliance', { year })
      .then(async (r) => {
        const found = await yearMarks(session.api, r.year, r.timeZone);
        setResult(r);
        setMarks(found);
        setProblem(null);
      })
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)));
  }, [session, year]);
  useEffect(() => {
    if (report !== null) return undefined;
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [load, report]);
  const openReport = (shown: AirComplianceResult): void =>
    setReport({
      result: shown,
      invalidations: marks,
      stationNames: new Map(stations.map((s) => [s.id, s.name])),
      generatedAt: Date.now(),
      operator: person ?? settings?.settings.operator ?? null,
    });
  if (report !== null) return <ComplianceReportView input={report} onClose={() => setReport(null)} />;
  const shownYear = result?.year ?? year;
  return (
    <section className="panel compliance-view" aria-label="Compliance" data-testid="compliance-view">
      <div className="toolbar">
        <h2>Compliance{result !== null ? ` — ${result.standard}, ${result.year}` : ''}</h2>
        <label>
          Year{' '}
          <input type="number" min={1970} max={9999} value={shownYear ?? ''} data-testid="compliance-year" onChange={(e) => setYear(e.target.value === '' ? null : Number(e.target.value))} />
        </label>
        <button type="button" onClick={load}>Refresh</button>
        <button type="button" data-testid="compliance-csv" disabled={result === null || result.rows.length === 0} onClick={() => result !== null && downloadText(`compliance-${result.year}.csv`, complianceToCsv(result))}>
          Export CSV
        </button>
        <button type="button" data-testid="compliance-print-report" disabled={result === null} onClick={() => result !== null && openReport(result)}>
          Print report
        </button>
      </div>
      {problem !== null && <p className="abnormal" role="alert">{problem}</p>}
      {result?.note != null && <p className="hint" data-testid="compliance-note">{result.note} Days and years are counted in {result.timeZone}.</p>}
      {result !== null && result.rows.length === 0 ? (
        <p className="empty">No pollutant figures for {result.year} yet.</p>
      ) : (
        <table className="data-table" data-testid="compliance-table">
          <thead>
            <tr><th>Station</th><th>Pollutant</th><th>Standard</th><th>Status</th><th className="num">Data capture</th><th className="num">Projected / annual mean</th></tr>
          </thead>
          <tbody>
            {result?.rows.flatMap((row) => row.figures.map((f) => <FigureRow key={`${row.stationId}:${f.standard.id}`} stationId={row.stationId} pollutant={row.pollutant} figure={f} />))}
          </tbody>
        </table>
      )}
      {result !== null && <ComplianceMarks year={result.year} marks={marks} onRevoked={load} />}
      <NoticeList title="Information and alert thresholds: exceedances and public notices" year={result?.year ?? null} />
    </section>
  );
}
