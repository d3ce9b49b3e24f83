import { useEffect, useState } from 'react';
import { noticeStationEnds, type PublicNotice } from '../../src-shared/domain/public-notice';
import { useSession } from '../app-context';
import { Modal } from '../shell/modal';
import { downloadText } from '../history/download';
import { formatDateTime } from '../time/control-room-time';
import { exceedanceText, linesOf, noticeStateText, outOfDateText, round } from './notice-text';

/**
 * One public notice (issue 18): the episode's figures as the engine drafted them, the operator's fields
 * (area, expected duration, population groups at risk, precautions) editable while it is a draft, and
 * the workflow's buttons — save, issue, withdraw (with a reason), prepare an update, export text or HTML.
 * An area's notice lists its stations and which one measured the highest values; an issued notice with an
 * update waiting (a station joined its area) says it is out of date and opens the update.
 * The engine refuses what the workflow does not allow; its message is shown here.
 */
export function NoticeDialog(props: {
  readonly notice: PublicNotice;
  /** The draft update waiting to replace this issued notice, if any. */
  readonly pendingUpdate?: PublicNotice | null;
  readonly onClose: () => void;
  readonly onChanged: (notice: PublicNotice) => void;
}) {
  const { api } = useSession();
  const [notice, setNotice] = useState(props.notice);
  const c = notice.content;
  const [area, setArea] = useState(c.area);
  const [duration, setDuration] = useState(c.expectedDuration);
  const [groups, setGroups] = useState(c.populationGroupsAtRisk.join('\n'));
  const [precautions, setPrecautions] = useState(c.precautions.join('\n'));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isDraft = notice.state === 'draft';
  const pendingUpdate = notice.state === 'issued' ? (props.pendingUpdate ?? null) : null;
  const at = (stationId: string): string => (c.stationIds.length > 1 ? ` at ${stationId}` : '');
  // A refusal is about the fields as they were: it goes once the operator changes them.
  useEffect(() => setError(null), [area, duration, groups, precautions]);

  async function act(work: () => Promise<PublicNotice | null>): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const next = await work();
      if (next !== null) {
        setNotice(next);
        props.onChanged(next);
      }
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  const save = () => api.request('notice:edit', { id: notice.id, area, expectedDuration: duration, populationGroupsAtRisk: linesOf(groups), precautions: linesOf(precautions) });
  const exportAs = async (format: 'text' | 'html'): Promise<null> => {
    const file = await api.request('notice:export', { id: notice.id, format });
    downloadText(file.fileName, file.content, `${file.mimeType};charset=utf-8`);
    return null;
  };

  return (
    <Modal title={`Public notice — ${c.pollutant} ${c.thresholdKind} threshold`} onClose={props.onClose} testId="notice-dialog" wide>
      <p data-testid="notice-exceedance">{exceedanceText(notice)}</p>
      <p>
        State: <strong data-testid="notice-state" data-state={notice.state}>{noticeStateText(notice)}</strong>
        {notice.issuedAt !== null && <> — issued {formatDateTime(notice.issuedAt)}</>}
      </p>
      {pendingUpdate !== null && (
        <p className="form-error" role="status" data-testid="notice-outdated">
          {outOfDateText(notice, pendingUpdate)}{' '}
          <button type="button" onClick={() => props.onChanged(pendingUpdate)} data-testid="notice-open-update">Review the update…</button>
        </p>
      )}
      <dl className="notice-figures">
        <dt>Start</dt><dd>{formatDateTime(c.startMs)}</dd>
        <dt>End</dt><dd>{c.endMs === null ? 'continuing' : formatDateTime(c.endMs)}</dd>
        <dt>Stations</dt><dd data-testid="notice-stations">{stationsText(notice)}</dd>
        <dt>Highest hourly value</dt><dd>{round(c.highestHourly.value)} {c.unit}{at(c.highestHourly.stationId)} (hour from {formatDateTime(c.highestHourly.startMs)})</dd>
        <dt>Highest 8-hour mean</dt><dd>{c.highest8hMean === null ? 'not yet available' : `${round(c.highest8hMean.value)} ${c.unit}${at(c.highest8hMean.stationId)}`}</dd>
        <dt>Trend</dt><dd>{c.trend}</dd>
        <dt>Source</dt><dd>{c.source}</dd>
      </dl>
      <div className="form">
        <label className="field wide">
          <span>Area</span>
          <input value={area} disabled={!isDraft} onChange={(e) => setArea(e.target.value)} data-testid="notice-area" data-autofocus />
        </label>
        <label className="field wide">
          <span>Expected duration</span>
          <input value={duration} disabled={!isDraft} onChange={(e) => setDuration(e.target.value)} data-testid="notice-duration" placeholder="e.g. until this evening" />
        </label>
        <label className="field wide">
          <span>Population groups at risk (one a line)</span>
          <textarea rows={3} value={groups} disabled={!isDraft} onChange={(e) => setGroups(e.target.value)} data-testid="notice-groups" />
        </label>
        <label className="field wide">
          <span>Precautions (one a line)</span>
          <textarea rows={3} value={precautions} disabled={!isDraft} onChange={(e) => setPrecautions(e.target.value)} data-testid="notice-precautions" />
        </label>
      </div>
      {error !== null && <p className="form-error" role="alert" data-testid="notice-error">{error}</p>}
      <div className="form-actions">
        {isDraft && <button type="button" disabled={busy} onClick={() => void act(save)} data-testid="notice-save">Save draft</button>}
        {isDraft && (
          <button type="button" className="primary" disabled={busy} onClick={() => void act(async () => (await save(), api.request('notice:issue', { id: notice.id })))} data-testid="notice-issue">
            Issue notice
          </button>
        )}
        {notice.state === 'issued' && <button type="button" disabled={busy} onClick={() => void act(() => api.request('notice:update', { id: notice.id }))} data-testid="notice-update">Prepare update…</button>}
        {notice.state !== 'draft' && <button type="button" disabled={busy} onClick={() => void act(() => exportAs('text'))} data-testid="notice-export-text">Export text</button>}
        {notice.state !== 'draft' && <button type="button" disabled={busy} onClick={() => void act(() => exportAs('html'))} data-testid="notice-export-html">Export HTML</button>}
      </div>
      {(isDraft || notice.state === 'issued') && (
        <div className="form-actions">
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason to withdraw" aria-label="Reason to withdraw" data-testid="notice-withdraw-reason" />
          <button type="button" disabled={busy || reason.trim() === ''} onClick={() => void act(() => api.request('notice:withdraw', { id: notice.id, reason }))} data-testid="notice-withdraw">
            {isDraft ? 'Discard draft' : 'Withdraw notice'}
          </button>
        </div>
      )}
    </Modal>
  );
}

/** The stations, one whose own episode ended while the others go on with since when (as the published text). */
function stationsText(notice: PublicNotice): string {
  return noticeStationEnds(notice).map((s) => (s.endMs === null ? s.stationId : `${s.stationId} (back at or below from ${formatDateTime(s.endMs)})`)).join(', ');
}
