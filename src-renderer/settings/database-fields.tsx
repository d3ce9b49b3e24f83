import type { SecretName, SecretStatus } from '../../src-shared/ipc/contract';
import { describePostgresUrlProblem } from '../../src-shared/settings/postgres-url';
import type { DatabaseSettings } from '../../src-shared/settings/schema';
import { SecretField } from './secret-field';
import type { SecretUpdate } from './secret-field';

/** Embedded PGlite (default), a PostgreSQL server with optional TLS, or nothing stored. */
export function DatabaseFields(props: { readonly database: DatabaseSettings; readonly onChange: (database: DatabaseSettings) => void; readonly secrets: SecretStatus | undefined; readonly update: SecretUpdate; readonly onSecret: (name: SecretName, update: SecretUpdate) => void }) {
  const { database, onChange } = props;
  const urlProblem = database.kind === 'postgres' ? describePostgresUrlProblem(database.url) : null;
  return (
    <fieldset className="fieldset">
      <legend>Database</legend>
      <div className="form-row" role="radiogroup" aria-label="Database kind">
        {(
          [
            ['pglite', 'Embedded (default)'],
            ['postgres', 'PostgreSQL server'],
            ['memory', 'In memory (nothing kept)'],
          ] as const
        ).map(([kind, label]) => (
          <label key={kind} className="check">
            <input type="radio" name="database-kind" checked={database.kind === kind} data-testid={`db-${kind}`} onChange={() => onChange(kind === 'pglite' ? { kind, dir: null } : kind === 'postgres' ? { kind, url: 'postgres://stationwatch@localhost:5432/stationwatch', ssl: false } : { kind })} />
            {label}
          </label>
        ))}
      </div>
      {database.kind === 'postgres' && (
        <div className="form-grid">
          <label className="field wide">
            <span>URL (without the password)</span>
            <input value={database.url} data-testid="db-url" aria-invalid={urlProblem !== null} aria-describedby={urlProblem !== null ? 'db-url-error' : undefined} onChange={(e) => onChange({ ...database, url: e.target.value })} />
            {urlProblem !== null && <span id="db-url-error" className="field-error" role="alert" data-testid="db-url-error">{urlProblem}</span>}
            {/:[^/@]+@/.test(database.url.replace(/^[a-z]+:\/\//, '')) && <span className="field-error" role="alert">Put the password in the password field, not the URL.</span>}
          </label>
          <label className="check">
            <input type="checkbox" checked={database.ssl} onChange={(e) => onChange({ ...database, ssl: e.target.checked })} /> TLS
          </label>
          <SecretField label="Password" isSet={props.secrets?.databasePassword ?? false} update={props.update} onUpdate={(u) => props.onSecret('databasePassword', u)} testId="secret-databasePassword" />
        </div>
      )}
    </fieldset>
  );
}
