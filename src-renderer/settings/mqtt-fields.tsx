import type { SecretName, SecretStatus } from '../../src-shared/ipc/contract';
import type { MqttSourceSchema } from '../../src-shared/settings/schema';
import type { z } from 'zod';
import { parseMqttBroker } from '../../src-shared/settings/mqtt-topic';
import { mqttProblem } from './mqtt-problem';
import { splitBrokers } from './broker-list';
import { PemPicker } from './pem-picker';
import { SecretField } from './secret-field';
import type { SecretUpdate } from './secret-field';

type Mqtt = z.infer<typeof MqttSourceSchema>;

/** MQTT connection fields, in the Kafka form's layout; the broker and subscriptions are checked as typed. */
export function MqttFields(props: { readonly source: Mqtt; readonly onChange: (source: Mqtt) => void; readonly secrets: SecretStatus | undefined; readonly updates: Partial<Record<SecretName, SecretUpdate>>; readonly onSecret: (name: SecretName, update: SecretUpdate) => void }) {
  const { source, onChange } = props;
  const problem = mqttProblem(source);
  const secret = (name: SecretName, label: string, pem: boolean) => {
    const Field = pem ? PemPicker : SecretField;
    return <Field label={label} isSet={props.secrets?.[name] ?? false} update={props.updates[name]} onUpdate={(u) => props.onSecret(name, u)} testId={`secret-${name}`} />;
  };
  return (
    <fieldset className="fieldset">
      <legend>MQTT</legend>
      <div className="form-grid">
        <label className="field"><span>Broker (host:port)</span><input value={source.broker} aria-invalid={!parseMqttBroker(source.broker).ok} data-testid="mqtt-broker" onChange={(e) => onChange({ ...source, broker: e.target.value })} /></label>
        <label className="field wide"><span>Subscriptions (+ and # wildcards, comma separated)</span><input value={source.subscriptions.join(', ')} data-testid="mqtt-subscriptions" onChange={(e) => onChange({ ...source, subscriptions: splitBrokers(e.target.value) })} /></label>
        <label className="field">
          <span>Station from topic level</span>
          <select value={source.stationFromTopicSegment ?? ''} data-testid="mqtt-station-level" onChange={(e) => onChange({ ...source, stationFromTopicSegment: e.target.value === '' ? null : Number(e.target.value) })}>
            <option value="">No: the message names it</option>
            {[0, 1, 2, 3, 4, 5].map((level) => <option key={level} value={level}>{`Level ${level + 1}${level === 1 ? ' (city/+/readings)' : ''}`}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Delivery (QoS)</span>
          <select value={source.qos} data-testid="mqtt-qos" onChange={(e) => onChange({ ...source, qos: Number(e.target.value) as 0 | 1 })}>
            <option value={1}>1: at least once (nothing lost)</option>
            <option value={0}>0: at most once (may lose readings)</option>
          </select>
        </label>
        <label className="field"><span>Client id (one app per id)</span><input value={source.clientId} data-testid="mqtt-client-id" onChange={(e) => onChange({ ...source, clientId: e.target.value })} /></label>
        <label className="field"><span>Username (empty: none)</span><input value={source.username ?? ''} autoComplete="username" data-testid="mqtt-username" onChange={(e) => onChange({ ...source, username: e.target.value === '' ? null : e.target.value })} /></label>
        {source.username !== null && secret('saslPassword', 'Password', false)}
      </div>
      {problem !== null && <p className="field-error" role="alert" data-testid="mqtt-error">{problem}</p>}
      <div className="form-row">
        <label className="check"><input type="checkbox" checked={source.persistentSession} onChange={(e) => onChange({ ...source, persistentSession: e.target.checked })} /> Keep the session while the app is closed (readings published meanwhile are delivered at start)</label>
      </div>
      <div className="form-row">
        <label className="check"><input type="checkbox" checked={source.tls.enabled} data-testid="mqtt-tls" onChange={(e) => onChange({ ...source, tls: { ...source.tls, enabled: e.target.checked } })} /> TLS</label>
        {source.tls.enabled && <label className="check"><input type="checkbox" checked={source.tls.allowSelfSigned} onChange={(e) => onChange({ ...source, tls: { ...source.tls, allowSelfSigned: e.target.checked } })} /> Allow self-signed certificates</label>}
      </div>
      {source.tls.enabled && (
        <div className="form-grid">
          {secret('tlsCa', 'CA certificate', true)}
          {secret('tlsCert', 'Client certificate', true)}
          {secret('tlsKey', 'Client key', true)}
        </div>
      )}
    </fieldset>
  );
}
