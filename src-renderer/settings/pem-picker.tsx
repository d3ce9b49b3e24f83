import { useState } from 'react';
import { SecretLabel, type SecretEditorProps } from './secret-field';

/** The most a PEM file may be (the contract's secret size limit). */
const MAX_PEM_BYTES = 1_000_000;

/**
 * Pick a PEM file; its CONTENTS become the secret (never its path, which would not exist on another
 * machine or survive a move). Shows set / not set like any secret.
 */
export function PemPicker(props: SecretEditorProps) {
  const [error, setError] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  async function onFile(file: File | undefined): Promise<void> {
    setError(null);
    if (file === undefined) return;
    if (file.size > MAX_PEM_BYTES) return setError('File too large for a PEM certificate or key');
    const text = await file.text();
    if (!text.includes('-----BEGIN ')) return setError('Not a PEM file (no -----BEGIN line)');
    setFileName(file.name);
    props.onUpdate(text);
  }
  const state = props.update === null ? 'will be removed' : props.update !== undefined ? `imported from ${fileName ?? 'file'}` : props.isSet ? 'set' : 'not set';
  return (
    <div className="field secret-field">
      <SecretLabel label={props.label} state={state} testId={props.testId} />
      <input type="file" accept=".pem,.crt,.cer,.key,application/x-pem-file" aria-label={`${props.label} PEM file`} data-testid={props.testId} onChange={(e) => void onFile(e.target.files?.[0])} />
      {(props.isSet || props.update !== undefined) && (
        <button type="button" className="link-button" onClick={() => props.onUpdate(props.isSet ? null : undefined)}>
          Remove
        </button>
      )}
      {error !== null && <span className="field-error" role="alert">{error}</span>}
    </div>
  );
}
