import { useState } from 'react';
import { useSession } from '../app-context';

/**
 * Put a whole station out of service (its alarms suppressed) or return it, with an optional comment for
 * the audit trail; the list is re-read from the engine afterwards, so every screen agrees.
 */
export function ServiceToggle(props: { readonly stationId: string; readonly isOutOfService: boolean }) {
  const { api, refreshOutOfService } = useSession();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function toggle(): Promise<void> {
    setBusy(true);
    setError(null);
    try {
      const text = comment.trim();
      await api.request('alarms:outOfService', { stationId: props.stationId, metric: null, outOfService: !props.isOutOfService, comment: text === '' ? null : text });
      setComment('');
      await refreshOutOfService();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <div className="service-toggle" data-testid="service-toggle" data-out-of-service={String(props.isOutOfService)}>
      <input type="text" aria-label="Comment (optional)" placeholder="Comment (optional)" value={comment} maxLength={2000} onChange={(e) => setComment(e.target.value)} data-testid="service-comment" />
      <button type="button" disabled={busy} onClick={() => void toggle()} data-testid="service-toggle-button">
        {props.isOutOfService ? 'Return to service' : 'Put out of service'}
      </button>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
