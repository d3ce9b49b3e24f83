import { useCallback, useEffect, useState } from 'react';
import type { ShiftCurrent } from '../../src-shared/ipc/contract';
import type { Handover, HandoverSummary } from '../../src-shared/domain/shift';
import { useSession } from '../app-context';
import { HandoverReport } from './handover-report';

/**
 * The handover: the latest one (with "Confirm I have read it" until someone other than its author
 * confirms it), and "Hand over shift", which previews the summary before "Sign and hand over".
 */
export function HandoverPanel(props: { readonly revision: number; readonly onChanged: () => void }) {
  const { api } = useSession();
  const [current, setCurrent] = useState<ShiftCurrent | null>(null);
  const [preview, setPreview] = useState<HandoverSummary | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown): void => setError(err instanceof Error ? err.message : String(err));

  const load = useCallback(() => {
    api.request('shift:current', {}).then((result) => {
      setCurrent(result);
      setError(null);
    }, fail);
  }, [api]);
  useEffect(load, [load, props.revision]);

  const startHandover = (): void => {
    api.request('shift:current', {}).then((result) => setPreview(result.summary), fail);
  };
  const sign = (): void => {
    api.request('shift:handover', { note }).then((handover: Handover) => {
      setPreview(null);
      setNote('');
      setCurrent((c) => (c === null ? c : { ...c, latest: handover }));
      props.onChanged();
    }, fail);
  };
  const confirm = (id: string): void => {
    api.request('shift:confirm', { handoverId: id }).then((handover) => {
      setCurrent((c) => (c === null ? c : { ...c, latest: handover }));
      props.onChanged();
    }, fail);
  };

  const latest = current?.latest ?? null;
  return (
    <section className="panel handover-panel" data-testid="handover-panel">
      <div className="handover-actions print-hidden">
        <h2>Handover</h2>
        {preview === null && (
          <button type="button" data-testid="handover-start" onClick={startHandover}>
            Hand over shift
          </button>
        )}
        {latest !== null && preview === null && (
          <button type="button" data-testid="handover-print" onClick={() => window.print()}>
            Print
          </button>
        )}
      </div>
      {error !== null && <p className="error print-hidden" role="alert" data-testid="handover-error">{error}</p>}
      {preview !== null ? (
        <div data-testid="handover-preview">
          <HandoverReport summary={preview} handover={null} />
          <div className="handover-sign print-hidden">
            <textarea aria-label="Handover note" data-testid="handover-note-input" placeholder="A word for the next operator (optional)" value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
            <button type="button" className="primary" data-testid="handover-sign" onClick={sign}>
              Sign and hand over
            </button>
            <button type="button" onClick={() => setPreview(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : latest !== null ? (
        <div data-testid="handover-latest" data-confirmed={latest.confirmedAt !== null}>
          <HandoverReport summary={latest.summary} handover={latest} />
          {latest.confirmedAt === null && (
            <button type="button" className="primary print-hidden" data-testid="handover-confirm" onClick={() => confirm(latest.id)}>
              Confirm I have read it
            </button>
          )}
        </div>
      ) : (
        <p className="muted">No handover yet.</p>
      )}
    </section>
  );
}
