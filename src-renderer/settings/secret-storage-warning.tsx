import type { SecretStorageStatus } from '../../src-shared/ipc/contract';

/**
 * What the settings dialog says about where secrets are kept before a save: a weak store (Linux without a
 * keyring: Electron's basic_text, a hard-coded key) needs the user's explicit consent to store secrets
 * there; an unreadable secrets file will be kept aside.
 */
export function SecretStorageWarning(props: { readonly status: SecretStorageStatus | null | undefined; readonly isConfirmed: boolean; readonly onConfirm: (isConfirmed: boolean) => void }) {
  const { status } = props;
  if (status == null || status.warning === null) return null;
  return (
    <div className="notice" role="alert" data-testid="secret-storage-warning">
      <p>{status.warning}</p>
      {status.isWeak && (
        <label className="check">
          <input type="checkbox" checked={props.isConfirmed} data-testid="secret-storage-confirm" onChange={(e) => props.onConfirm(e.target.checked)} /> Store passwords and keys with this weak protection anyway
        </label>
      )}
    </div>
  );
}
