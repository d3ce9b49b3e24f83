import { useState } from 'react';
import type { FormEvent } from 'react';
import type { Alarm } from '../../src-shared/domain/alarms';
import { useSession } from '../app-context';
import { stationsOutOfService } from '../data/out-of-service';
import { Modal } from '../shell/modal';

/** Which action dialog is open for which alarm. */
export type AlarmAction = { readonly kind: 'ack' | 'shelve' | 'oos' | 'unshelve'; readonly alarm: Alarm };

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
  const { api, alarms, outOfService, refreshOutOfService } = useSession();
  const { action, onClose } = props;
  const { alarm } = action;
  const [comment, setComment] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const isOos = stationsOutOfService(outOfService.get()).has(alarm.stationId);

  async function submit(e: FormEvent): Promise<void> {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const text = comment.trim() === '' ? null : comment.trim();
      if (action.kind === 'ack') alarms.apply(await api.request('alarms:ack', { alarmId: alarm.id, comment: text }));
      else if (action.kind === 'unshelve') alarms.apply(await api.request('alarms:unshelve', { alarmId: alarm.id, comment: text }));
      else if (action.kind === 'shelve') {
        const m = Number(minutes);
        if (!(m > 0) || text === null) throw new Error('A shelf needs a reason and an expiry in the future');
        alarms.apply(await api.request('alarms:shelve', { alarmId: alarm.id, reason: text, until: Date.now() + Math.round(m * 60_000) }));
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

  const title = { ack: 'Acknowledge alarm', shelve: 'Shelve alarm', unshelve: 'Unshelve alarm', oos: isOos ? 'Return station to service' : 'Put station out of service' }[action.kind];
  return (
    <Modal title={title} onClose={onClose} testId={`alarm-dialog-${action.kind}`}>
      <form className="form" onSubmit={(e) => void submit(e)}>
        <p className="dialog-subject">
          <strong>{alarm.stationId}</strong> · {alarm.message}
        </p>
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
