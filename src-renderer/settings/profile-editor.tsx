import type { SecretName, SecretStatus } from '../../src-shared/ipc/contract';
import { HttpPushSourceSchema, KafkaSourceSchema, MqttSourceSchema, ReplaySourceSchema, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Profile, SourceSettings } from '../../src-shared/settings/schema';
import { connectionProblem } from './broker-list';
import { ConnectionTest } from './connection-test';
import { DecodingPreview } from './decode-preview';
import { DatabaseFields } from './database-fields';
import { EscalationFields } from './escalation-fields';
import { KafkaFields } from './kafka-fields';
import { MqttFields } from './mqtt-fields';
import type { SecretUpdate } from './secret-field';
import { ShapeFields } from './shape-fields';
import { SimulatorFields } from './simulator-fields';

/** A fresh source of a kind, with the schema's defaults (Kafka starts with an example broker to edit). */
function defaultSource(kind: SourceSettings['kind']): SourceSettings {
  if (kind === 'simulator') return SimulatorSourceSchema.parse({ kind });
  if (kind === 'kafka') return KafkaSourceSchema.parse({ kind, brokers: ['localhost:9092'], topics: ['station-readings'] });
  if (kind === 'mqtt') return MqttSourceSchema.parse({ kind, broker: 'localhost:1883', subscriptions: ['city/+/readings'], stationFromTopicSegment: 1 });
  if (kind === 'http-push') return HttpPushSourceSchema.parse({ kind });
  // The path has no sensible default; the schema's other defaults (format, columns) still apply.
  return { ...ReplaySourceSchema.parse({ kind, path: '-' }), path: '' };
}

/** Edit one connection profile: its source (simulator, Kafka, MQTT or replay file), database, and test it. */
export function ProfileEditor(props: {
  readonly profile: Profile;
  readonly onChange: (profile: Profile) => void;
  readonly secrets: SecretStatus | undefined;
  readonly updates: Partial<Record<SecretName, SecretUpdate>>;
  readonly onSecret: (name: SecretName, update: SecretUpdate) => void;
}) {
  const { profile, onChange } = props;
  const source = profile.source;
  return (
    <div className="profile-editor" data-testid="profile-editor">
      <div className="form-grid">
        <label className="field">
          <span>Profile name</span>
          <input value={profile.name} data-testid="profile-name" aria-invalid={profile.name.trim() === ''} onChange={(e) => onChange({ ...profile, name: e.target.value })} />
        </label>
        <label className="field">
          <span>Data source</span>
          <select value={source.kind} data-testid="source-kind" onChange={(e) => onChange({ ...profile, source: defaultSource(e.target.value as SourceSettings['kind']) })}>
            <option value="simulator">Built-in simulator</option>
            <option value="kafka">Kafka</option>
            <option value="mqtt">MQTT</option>
            <option value="replay">Replay a recorded file</option>
            <option value="http-push">HTTP push (headless mode)</option>
          </select>
        </label>
      </div>
      {source.kind === 'simulator' && <SimulatorFields source={source} onChange={(s) => onChange({ ...profile, source: s })} />}
      {source.kind === 'kafka' && <KafkaFields key={profile.id} source={source} onChange={(s) => onChange({ ...profile, source: s })} secrets={props.secrets} updates={props.updates} onSecret={props.onSecret} />}
      {source.kind === 'mqtt' && <MqttFields source={source} onChange={(s) => onChange({ ...profile, source: s })} secrets={props.secrets} updates={props.updates} onSecret={props.onSecret} />}
      {source.kind === 'http-push' && (
        <p className="hint" data-testid="http-push-note">
          Clients POST readings to <code>/ingest</code> (the Sensor Logger app to <code>/ingest/sensor-logger</code>) of the headless server with the ingest token; the desktop app takes no pushes.
        </p>
      )}
      {(source.kind === 'kafka' || source.kind === 'mqtt' || source.kind === 'http-push') && (
        <>
          <ShapeFields shape={source.shape} onChange={(shape) => onChange({ ...profile, source: { ...source, shape } })} />
          {source.kind !== 'http-push' && (
            <DecodingPreview profile={profile} shape={source.shape} updates={props.updates} onShape={(shape) => onChange({ ...profile, source: { ...source, shape } })} blockedBy={connectionProblem(profile)} />
          )}
        </>
      )}
      {source.kind === 'replay' && (
        <fieldset className="fieldset">
          <legend>Replay</legend>
          <div className="form-grid">
            <label className="field wide">
              <span>File on the server (JSONL, CSV or Parquet)</span>
              <input value={source.path} data-testid="replay-path" aria-invalid={source.path.trim() === ''} onChange={(e) => onChange({ ...profile, source: { ...source, path: e.target.value } })} />
            </label>
            <label className="field">
              <span>Format</span>
              <select value={source.format ?? ''} onChange={(e) => onChange({ ...profile, source: { ...source, format: e.target.value === '' ? null : (e.target.value as 'jsonl') } })}>
                <option value="">From the file name</option>
                <option value="jsonl">JSON lines</option>
                <option value="csv">CSV</option>
                <option value="parquet">Parquet</option>
              </select>
            </label>
            <label className="field">
              <span>Speed (1 = real time, 0 = fastest)</span>
              <input type="number" min="0" step="any" value={source.speed} onChange={(e) => onChange({ ...profile, source: { ...source, speed: e.target.valueAsNumber } })} />
            </label>
          </div>
        </fieldset>
      )}
      <DatabaseFields database={profile.database} onChange={(d) => onChange({ ...profile, database: d })} secrets={props.secrets} update={props.updates.databasePassword} onSecret={props.onSecret} />
      <ConnectionTest profile={profile} updates={props.updates} blockedBy={connectionProblem(profile)} />
      <EscalationFields escalation={profile.escalation} onChange={(escalation) => onChange({ ...profile, escalation })} secrets={props.secrets} updates={props.updates} onSecret={props.onSecret} />
    </div>
  );
}
