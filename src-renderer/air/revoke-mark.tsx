import { useState } from 'react';
import type { FormEvent } from 'react';
import type { QualityInvalidation } from '../../src-shared/domain/air-quality';
import { useSession } from '../app-context';

/**
 * "Revoke" beside an invalid mark (issue 18): asks for a reason, then `quality:revoke` — the engine keeps
 * who revoked it and when, audits the reason, and counts the period's hours again in indices and compliance.
 */
export function RevokeMark({ invalidation, onRevoked }: { readonly invalidation: QualityInvalidation; readonly onRevoked: () => void }) {
  const { api } = useSession();
  const [isAsking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent): void {
    e.preventDefault();
    setBusy(true);
    setError(null);
    api.request('quality:revoke', { id: invalidation.id, reason }).then(
      () => {
        setBusy(false);
        setAsking(false);
        setReason('');
        onRevoked();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  }

  if (!isAsking) {
    return (
      <button type="button" className="revoke-mark print-hidden" data-testid="revoke-mark" onClick={() => setAsking(true)}>
        Revoke
      </button>
    );
  }
  return (
    <form className="revoke-mark-form print-hidden" data-testid="revoke-mark-form" onSubmit={submit}>
      <label className="field">
        <span>Why does this period count again?</span>
        <input value={reason} maxLength={2000} autoFocus onChange={(e) => setReason(e.target.value)} placeholder="e.g. analyser checked, data sound" data-testid="revoke-reason" />
      </label>
      <button type="submit" className="primary" disabled={reason.trim().length === 0 || isBusy} data-testid="revoke-confirm">
        Revoke the mark
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
    </form>
  );
}
