import { useState } from 'react';
import type { ConnectionStep, ConnectionStepResult, ConnectionTestResult, SecretName } from '../../src-shared/ipc/contract';
import type { Profile } from '../../src-shared/settings/schema';
import { useSession } from '../app-context';
import type { SecretUpdate } from './secret-field';

const STEP_LABEL: Readonly<Record<ConnectionStep, string>> = {
  dns: 'DNS',
  tcp: 'TCP',
  tls: 'TLS',
  sasl: 'SASL',
  metadata: 'Metadata',
  topic: 'Topic',
  read: 'Read',
  database: 'Database',
  url: 'URL',
  login: 'Login',
  version: 'Server version',
  permissions: 'Permissions',
  schema: 'Schema version',
  folder: 'Folder',
  space: 'Free space',
};

/** Strip "keep" (undefined) entries: the contract takes string (replace) or null (delete). */
function secretArgs(updates: Partial<Record<SecretName, SecretUpdate>>): Partial<Record<SecretName, string | null>> {
  const out: Partial<Record<SecretName, string | null>> = {};
  for (const [name, value] of Object.entries(updates)) if (value !== undefined) out[name as SecretName] = value;
  return out;
}

/** One part's layers (the source's or the database's); `testIdPrefix` keeps the two apart for tests. */
function StepList(props: { readonly title: string; readonly steps: readonly ConnectionStepResult[]; readonly testIdPrefix: string }) {
  return (
    <>
      <h3 className="steps-title">{props.title}</h3>
      <ol className="steps" aria-label={`${props.title} layers`}>
        {props.steps.map((s, i) => (
          <li key={i} className={s.ok ? 'step ok' : 'step failed'} data-testid={`${props.testIdPrefix}-${s.step}`} data-ok={s.ok} data-target={s.target}>
            <span className="step-mark" aria-hidden="true">{s.ok ? '✓' : '✕'}</span>
            <strong>{STEP_LABEL[s.step]}</strong>
            {s.target !== undefined && <> {s.target}</>} {s.ok ? 'ok' : 'failed'} <span className="muted">({Math.round(s.ms)} ms)</span> — {s.detail}
            {s.hint !== null && !s.ok && <div className="hint" data-testid="conn-hint">{s.hint}</div>}
          </li>
        ))}
      </ol>
    </>
  );
}

/**
 * Test the edited profile layer by layer with hints: the source (DNS → TCP → TLS for every broker → SASL →
 * metadata → topic → read) and the database (URL → DNS → TCP → TLS → login → version → permissions → schema, or the
 * embedded database's folder and free space). `blockedBy` says why the profile cannot be tested as typed.
 */
export function ConnectionTest(props: { readonly profile: Profile; readonly updates: Partial<Record<SecretName, SecretUpdate>>; readonly blockedBy: string | null }) {
  const { api } = useSession();
  const [result, setResult] = useState<ConnectionTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** What the shown result (or error) was tested with: once the profile or a secret changes, it no longer says anything about it. */
  const [testedFor, setTestedFor] = useState<string | null>(null);
  const current = JSON.stringify([props.profile, secretArgs(props.updates)]);
  const isCurrent = testedFor === current;
  async function run(): Promise<void> {
    setBusy(true);
    setError(null);
    setResult(null);
    setTestedFor(current);
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
      <button type="button" onClick={() => void run()} disabled={busy || props.blockedBy !== null} aria-describedby={props.blockedBy !== null ? 'connection-test-blocked' : undefined} data-testid="connection-test-run">
        {busy ? 'Testing…' : 'Test connection'}
      </button>
      {props.blockedBy !== null && <p id="connection-test-blocked" className="hint" data-testid="connection-test-blocked">Correct the fields first. {props.blockedBy}</p>}
      {(result !== null || error !== null) && !isCurrent && !busy && (
        <p className="hint" data-testid="connection-test-outdated">
          The profile changed since the last test: test it again.
        </p>
      )}
      {error !== null && isCurrent && <p className="form-error" role="alert">{error}</p>}
      {result?.notice !== undefined && isCurrent && <p className="hint" data-testid="connection-notice">{result.notice}</p>}
      {result !== null && isCurrent && (
        <div data-testid="connection-result" data-ok={result.ok}>
          <StepList title="Source" steps={result.steps} testIdPrefix="conn-step" />
          {result.databaseSteps !== undefined && <StepList title="Database" steps={result.databaseSteps} testIdPrefix="conn-db-step" />}
        </div>
      )}
    </section>
  );
}
