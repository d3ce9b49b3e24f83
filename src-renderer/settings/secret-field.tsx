import { useState } from 'react';

/** A pending change to one secret: a string replaces it, null deletes it, undefined keeps it. */
export type SecretUpdate = string | null | undefined;

/**
 * A write-only secret: shows only "set" / "not set" (the renderer never receives the value) and lets
 * the operator replace or remove it.
 */
export function SecretField(props: { readonly label: string; readonly isSet: boolean; readonly update: SecretUpdate; readonly onUpdate: (update: SecretUpdate) => void; readonly testId: string }) {
  const [editing, setEditing] = useState(false);
  const state = props.update === null ? 'will be removed' : props.update !== undefined ? 'will be replaced' : props.isSet ? 'set' : 'not set';
  return (
    <div className="field secret-field">
      <span>{props.label}</span>
      <span className="secret-state" data-testid={`${props.testId}-state`}>
        {state}
      </span>
      {editing ? (
        <input type="password" autoComplete="new-password" aria-label={`New ${props.label.toLowerCase()}`} data-testid={props.testId} onChange={(e) => props.onUpdate(e.target.value === '' ? undefined : e.target.value)} />
      ) : (
        <button type="button" onClick={() => setEditing(true)}>
          {props.isSet ? 'Replace' : 'Set'}
        </button>
      )}
      {(props.isSet || props.update !== undefined) && (
        <button type="button" className="link-button" onClick={() => (setEditing(false), props.onUpdate(props.isSet ? null : undefined))}>
          Remove
        </button>
      )}
    </div>
  );
}
