import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { Alarm } from '../../src-shared/domain/alarms';
import { useSession } from '../app-context';
import { stationsOutOfService } from '../data/out-of-service';
import { Modal } from '../shell/modal';
import { useDiscardGuard } from '../shell/discard-guard';
import { alarmLabel, bulkFailureText } from './alarm-text';

/**
 * Which action dialog is open for which alarm. `alarms` (when given) are every alarm the action applies
 * to with one comment — a bulk acknowledgement, or both alarms of one condition; `alarm` is the first.
 */
export type AlarmAction = { readonly kind: 'ack' | 'shelve' | 'oos' | 'unshelve'; readonly alarm: Alarm; readonly alarms?: readonly Alarm[] };

const SHELF_PRESETS = [
  { label: '15 min', minutes: 15 },
  { label: '1 h', minutes: 60 },
  { label: '8 h (a shift)', minutes: 480 },
  { label: '24 h', minutes: 1440 },
];

/**
 * The dialog for one alarm action: acknowledge with an optional comment, shelve with a reason and an
 * expiry, unshelve, or put the station out of service. Errors are shown in the dialog.
 */
export function AlarmActionDialog(props: { readonly action: AlarmAction; readonly onClose: () => void }) {
  const { api, alarms, outOfService, refreshOutOfService, stations } = useSession();
  const { action, onClose } = props;
  const { alarm } = action;
  const targets = action.alarms ?? [alarm];
  const [comment, setComment] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const guard = useDiscardGuard(comment.trim() !== '', onClose, { title: 'Discard the comment?', message: 'The comment you typed is not sent yet. Closing discards it.' });
  /** Alarms this dialog already acted on: a retry after a partial failure does not act (and audit) twice. */
  const done = useRef(new Set<string>());
  const isOos = stationsOutOfService(outOfService.get()).has(alarm.stationId);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const text = comment.trim() === '' ? null : comment.trim();
      if (action.kind === 'ack') await eachAlarm((id) => api.request('alarms:ack', { alarmId: id, comment: text }));
      else if (action.kind === 'unshelve') await eachAlarm((id) => api.request('alarms:unshelve', { alarmId: id, comment: text }));
      else if (action.kind === 'shelve') {
        const m = Number(minutes);
        if (!(m > 0) || text === null) throw new Error('A shelf needs a reason and an expiry in the future');
        const until = Date.now() + Math.round(m * 60_000);
        await eachAlarm((id) => api.request('alarms:shelve', { alarmId: id, reason: text, until }));
      } else {
        await api.request('alarms:outOfService', { stationId: alarm.stationId, metric: null, outOfService: !isOos, comment: text });
        // The engine's list is the truth (other windows and earlier sessions change it too).
        await refreshOutOfService();
      }
      onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  }

  /**
   * One request per alarm with the same comment, each audited on its own. All are tried; the ones that
   * failed (e.g. acknowledged meanwhile in another window) are named in one error and nothing else is lost.
   */
  async function eachAlarm(request: (alarmId: string) => Promise<Alarm>): Promise<void> {
    const failures: { label: string; reason: string }[] = [];
    const stationById = new Map(stations.get().map((s) => [s.id, s]));
    for (const target of targets) {
      if (done.current.has(target.id)) continue;
      try {
        alarms.apply(await request(target.id));
        done.current.add(target.id);
      } catch (err) {
        failures.push({ label: alarmLabel(target, stationById.get(target.stationId)), reason: err instanceof Error ? err.message : String(err) });
      }
    }
    if (failures.length > 0) throw new Error(bulkFailureText(targets.length, failures));
  }

  const plural = targets.length > 1 ? ` ${targets.length} alarms` : ' alarm';
  const title = { ack: `Acknowledge${plural}`, shelve: `Shelve${plural}`, unshelve: `Unshelve${plural}`, oos: isOos ? 'Return station to service' : 'Put station out of service' }[action.kind];
  return (
    <Modal title={title} onClose={guard.requestClose} testId={`alarm-dialog-${action.kind}`}>
      {guard.prompt}
      <form className="form" onSubmit={(e) => void submit(e)}>
        {action.kind === 'oos' || targets.length === 1 ? (
          <p className="dialog-subject">
            <strong>{alarm.stationId}</strong> · {alarm.message}
          </p>
        ) : (
          <ul className="dialog-subject plain-list" data-testid="alarm-dialog-targets">
            {targets.map((a) => (
              <li key={a.id}>
                <strong>{a.stationId}</strong> · {a.message}
              </li>
            ))}
          </ul>
        )}
        {action.kind === 'shelve' && (
          <label className="field">
            <span>Expires in (minutes)</span>
            <input type="number" min="0.05" step="any" required value={minutes} onChange={(e) => setMinutes(e.target.value)} data-testid="shelve-minutes" />
            <span className="presets">
              {SHELF_PRESETS.map((p) => (
                <button key={p.minutes} type="button" className="link-button" onClick={() => setMinutes(String(p.minutes))}>
                  {p.label}
                </button>
              ))}
            </span>
          </label>
        )}
        <label className="field">
          <span>{action.kind === 'shelve' ? 'Reason (required)' : 'Comment (optional)'}</span>
          <textarea
            rows={3}
            value={comment}
            required={action.kind === 'shelve'}
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.currentTarget.form?.requestSubmit()}
            data-testid="alarm-comment"
            data-autofocus
            title="Ctrl+Enter confirms"
          />
        </label>
        {error !== null && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <div className="form-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={busy} data-testid="alarm-dialog-confirm">
            {title}
          </button>
        </div>
      </form>
    </Modal>
  );
}
