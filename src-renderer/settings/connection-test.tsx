import { useState } from 'react';
import type { ConnectionStep, ConnectionTestResult, SecretName } from '../../src-shared/ipc/contract';
import type { Profile } from '../../src-shared/settings/schema';
import { useSession } from '../app-context';
import type { SecretUpdate } from './secret-field';

const STEP_LABEL: Readonly<Record<ConnectionStep, string>> = { dns: 'DNS', tcp: 'TCP', tls: 'TLS', sasl: 'SASL', metadata: 'Metadata', topic: 'Topic', read: 'Read', database: 'Database' };

/** Strip "keep" (undefined) entries: the contract takes string (replace) or null (delete). */
function secretArgs(updates: Partial<Record<SecretName, SecretUpdate>>): Partial<Record<SecretName, string | null>> {
  const out: Partial<Record<SecretName, string | null>> = {};
  for (const [name, value] of Object.entries(updates)) if (value !== undefined) out[name as SecretName] = value;
  return out;
}

/** Test the edited profile layer by layer (DNS → TCP → TLS → SASL → metadata → topic → read) with hints. */
export function ConnectionTest(props: { readonly profile: Profile; readonly updates: Partial<Record<SecretName, SecretUpdate>> }) {
  const { api } = useSession();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api.request('connection:test', { profile: props.profile, secrets: secretArgs(props.updates) }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section className="connection-test" aria-label="Connection test" data-testid="connection-test">
      <button type="button" onClick={() => void run()} disabled={busy} data-testid="connection-test-run">
        {busy ? 'Testing…' : 'Test connection'}
      </button>
      {error !== null && <p className="form-error" role="alert">{error}</p>}
      {result?.notice !== undefined && <p className="hint" data-testid="connection-notice">{result.notice}</p>}
      {result !== null && (
        <ol className="steps" data-testid="connection-result" data-ok={result.ok}>
          {result.steps.map((s) => (
            <li key={s.step} className={s.ok ? 'step ok' : 'step failed'} data-testid={`conn-step-${s.step}`} data-ok={s.ok}>
              <span className="step-mark" aria-hidden="true">{s.ok ? '✓' : '✕'}</span>
              <strong>{STEP_LABEL[s.step]}</strong> {s.ok ? 'ok' : 'failed'} <span className="muted">({Math.round(s.ms)} ms)</span> — {s.detail}
              {s.hint !== null && !s.ok && <div className="hint" data-testid="conn-hint">{s.hint}</div>}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
