import { useState } from 'react';
import type { FormEvent } from 'react';

/** The test ids of a ReasonAction's parts. */
export interface ReasonActionIds {
  readonly button: string;
  readonly form: string;
  readonly reason: string;
  readonly confirm: string;
}

/**
 * An audited action that needs a reason (issue 18): a button that opens a small form asking why, whose
 * confirm runs `act(reason)`; the form stays open with the engine's plain error when it is refused.
 */
export function ReasonAction(props: {
  readonly label: string;
  readonly prompt: string;
  readonly placeholder: string;
  readonly confirm: string;
  readonly ids: ReasonActionIds;
  readonly act: (reason: string) => Promise<unknown>;
  readonly onDone: () => void;
}) {
  const [isAsking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent): void {
    e.preventDefault();
    setBusy(true);
    setError(null);
    props.act(reason).then(
      () => {
        setBusy(false);
        setAsking(false);
        setReason('');
        props.onDone();
      },
      (err: unknown) => {
        setBusy(false);
        setError(err instanceof Error ? err.message : String(err));
      },
    );
  }

  if (!isAsking) {
    return (
      <button type="button" className="reason-action print-hidden" data-testid={props.ids.button} onClick={() => setAsking(true)}>
        {props.label}
      </button>
    );
  }
  return (
    <form className="reason-action-form print-hidden" data-testid={props.ids.form} onSubmit={submit}>
      <label className="field">
        <span>{props.prompt}</span>
        <input value={reason} maxLength={2000} autoFocus onChange={(e) => setReason(e.target.value)} placeholder={props.placeholder} data-testid={props.ids.reason} />
      </label>
      <button type="submit" className="primary" disabled={reason.trim().length === 0 || isBusy} data-testid={props.ids.confirm}>
        {props.confirm}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        Cancel
      </button>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
    </form>
  );
}
