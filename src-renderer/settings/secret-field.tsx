import { useState } from 'react';

/** A pending change to one secret: a string replaces it, null deletes it, undefined keeps it. */
export type SecretUpdate = string | null | undefined;

/** The props every secret editor takes (a typed secret, a PEM file). */
export interface SecretEditorProps {
  readonly label: string;
  readonly isSet: boolean;
  readonly update: SecretUpdate;
  readonly onUpdate: (update: SecretUpdate) => void;
  readonly testId: string;
}

/** A secret's label and its state in words ("set", "not set", "will be removed" …), as every secret editor shows them. */
export function SecretLabel(props: { readonly label: string; readonly state: string; readonly testId: string }) {
  return (
    <>
      <span>{props.label}</span>
      <span className="secret-state" data-testid={`${props.testId}-state`}>
        {props.state}
      </span>
    </>
  );
}

/**
 * A write-only secret: shows only "set" / "not set" (the renderer never receives the value) and lets
 * the operator replace or remove it.
 */
export function SecretField(props: SecretEditorProps) {
  const [editing, setEditing] = useState(false);
  const state = props.update === null ? 'will be removed' : props.update !== undefined ? 'will be replaced' : props.isSet ? 'set' : 'not set';
  return (
    <div className="field secret-field">
      <SecretLabel label={props.label} state={state} testId={props.testId} />
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
