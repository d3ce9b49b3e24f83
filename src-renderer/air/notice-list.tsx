import { useCallback, useEffect, useState } from 'react';
import type { PublicNotice } from '../../src-shared/domain/public-notice';
import { useSession } from '../app-context';
import { formatDateTime } from '../time/control-room-time';
import { NoticeDialog } from './notice-dialog';
import { exceedanceText, noticeStateText, outOfDateText, pendingUpdateOf } from './notice-text';

/** How often the list asks again (a draft appears when a threshold alarm is raised). */
const RELOAD_MS = 5_000;

/**
 * The public notices of information and alert threshold exceedances (issue 18), newest first: one row
 * per notice with the exceedance it is about and its state, opened in the notice dialog. With `alarmId`,
 * only the notices covering that alarm's station (beside the alarm's drill-down; an area's notice covers
 * several); with `year`, only episodes that began in that year. An issued notice with an update waiting says so.
 */
export function NoticeList(props: { readonly alarmId?: string; readonly year?: number | null; readonly title: string }) {
  const { api } = useSession();
  const [notices, setNotices] = useState<readonly PublicNotice[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [opened, setOpened] = useState<PublicNotice | null>(null);
  const load = useCallback(() => {
    api.request('notice:list', { alarmId: props.alarmId ?? null }).then(
      (list) => {
        setNotices(list);
        setProblem(null);
      },
      (error: unknown) => setProblem(error instanceof Error ? error.message : String(error)),
    );
  }, [api, props.alarmId]);
  useEffect(() => {
    load();
    const timer = setInterval(load, RELOAD_MS);
    return () => clearInterval(timer);
  }, [load]);
  const year = props.year ?? null;
  const shown = (notices ?? []).filter((n) => year === null || new Date(n.content.startMs).getUTCFullYear() === year);
  return (
    <section className="notice-list" aria-label={props.title} data-testid="notice-list">
      <h3>{props.title}</h3>
      {problem !== null && <p className="form-error" role="alert">{problem}</p>}
      {notices !== null && shown.length === 0 && <p className="empty">No information or alert threshold exceedances{year === null ? '' : ` in ${year}`}.</p>}
      {shown.length > 0 && (
        <table className="data-table">
          <thead>
            <tr><th>Exceedance</th><th>From</th><th>To</th><th>Public notice</th><th /></tr>
          </thead>
          <tbody>
            {shown.map((n) => {
              const update = pendingUpdateOf(n, notices ?? []);
              return (
                <tr key={n.id} data-testid="notice-row" data-notice-id={n.id} data-alarm-id={n.alarmId} data-station-ids={n.content.stationIds.join(' ')} data-state={n.state} data-outdated={update !== null}>
                  <td>{exceedanceText(n)}</td>
                  <td>{formatDateTime(n.content.startMs)}</td>
                  <td>{n.content.endMs === null ? 'continuing' : formatDateTime(n.content.endMs)}</td>
                  <td className={`notice-${n.state}`}>
                    {noticeStateText(n)}
                    {update !== null && <span className="notice-outdated"> — {outOfDateText(n, update)}</span>}
                  </td>
                  <td><button type="button" onClick={() => setOpened(n)} data-testid="notice-open">{n.state === 'draft' ? 'Review…' : 'Open…'}</button></td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {opened !== null && (
        <NoticeDialog
          key={opened.id}
          notice={opened}
          pendingUpdate={pendingUpdateOf(opened, notices ?? [])}
          onClose={() => setOpened(null)}
          onChanged={(next) => {
            // An update is a new notice: the dialog moves on to it.
            if (next.id !== opened.id) setOpened(next);
            load();
          }}
        />
      )}
    </section>
  );
}
