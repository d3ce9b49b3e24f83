import { useState } from 'react';
import type { SecretName, SecretStatus } from '../../src-shared/ipc/contract';
import type { KafkaSourceSchema } from '../../src-shared/settings/schema';
import type { z } from 'zod';
import { brokerErrors, splitBrokers } from './broker-list';
import { PemPicker } from './pem-picker';
import { SecretField } from './secret-field';
import type { SecretUpdate } from './secret-field';

type Kafka = z.infer<typeof KafkaSourceSchema>;

/** Kafka connection fields; brokers are validated inline as they are typed, each refused entry named with its reason. */
export function KafkaFields(props: { readonly source: Kafka; readonly onChange: (source: Kafka) => void; readonly secrets: SecretStatus | undefined; readonly updates: Partial<Record<SecretName, SecretUpdate>>; readonly onSecret: (name: SecretName, update: SecretUpdate) => void }) {
  const { source, onChange } = props;
  const [brokerText, setBrokerText] = useState(source.brokers.join(', '));
  const errors = brokerErrors(splitBrokers(brokerText));
  const start = typeof source.start === 'object' ? 'timestamp' : source.start;
  const secret = (name: SecretName, label: string, pem: boolean) => {
    const Field = pem ? PemPicker : SecretField;
    return <Field label={label} isSet={props.secrets?.[name] ?? false} update={props.updates[name]} onUpdate={(u) => props.onSecret(name, u)} testId={`secret-${name}`} />;
  };
  return (
    <fieldset className="fieldset">
      <legend>Kafka</legend>
      <label className="field wide">
        <span>Brokers (host:port, comma separated)</span>
        <input
          value={brokerText}
          aria-invalid={errors.length > 0}
          aria-describedby="broker-errors"
          data-testid="kafka-brokers"
          onChange={(e) => {
            setBrokerText(e.target.value);
            onChange({ ...source, brokers: splitBrokers(e.target.value) });
          }}
        />
        {errors.length > 0 && (
          <ul id="broker-errors" className="field-error field-error-list" role="alert" data-testid="brokers-error">
            {errors.map((e, i) => (
              <li key={i} data-testid="broker-error">{e.entry === '' ? e.message : `“${e.entry}”: ${e.message}`}</li>
            ))}
          </ul>
        )}
      </label>
      <div className="form-grid">
        <label className="field"><span>Topics</span><input value={source.topics.join(', ')} data-testid="kafka-topic" onChange={(e) => onChange({ ...source, topics: splitBrokers(e.target.value) })} /></label>
        <label className="field"><span>Consumer group</span><input value={source.groupId} data-testid="kafka-group" onChange={(e) => onChange({ ...source, groupId: e.target.value })} /></label>
        <label className="field"><span>Client id</span><input value={source.clientId} onChange={(e) => onChange({ ...source, clientId: e.target.value })} /></label>
        <label className="field">
          <span>Start position (new group)</span>
          <select value={start} onChange={(e) => onChange({ ...source, start: e.target.value === 'timestamp' ? { timestamp: Date.now() - 3_600_000 } : (e.target.value as 'latest' | 'earliest') })}>
            <option value="latest">Latest</option>
            <option value="earliest">Earliest</option>
            <option value="timestamp">From a time</option>
          </select>
        </label>
        {typeof source.start === 'object' && (
          <label className="field"><span>Start time (UTC)</span><input type="datetime-local" value={new Date(source.start.timestamp).toISOString().slice(0, 16)} onChange={(e) => onChange({ ...source, start: { timestamp: Date.parse(`${e.target.value}Z`) || 0 } })} /></label>
        )}
        <label className="field">
          <span>SASL</span>
          <select value={source.sasl?.mechanism ?? ''} data-testid="kafka-sasl" onChange={(e) => onChange({ ...source, sasl: e.target.value === '' ? null : { mechanism: e.target.value as 'plain', username: source.sasl?.username ?? '' } })}>
            <option value="">None</option>
            <option value="plain">PLAIN</option>
            <option value="scram-sha-256">SCRAM-SHA-256</option>
            <option value="scram-sha-512">SCRAM-SHA-512</option>
          </select>
        </label>
        {source.sasl !== null && <label className="field"><span>Username</span><input value={source.sasl.username} autoComplete="username" onChange={(e) => onChange({ ...source, sasl: { mechanism: source.sasl!.mechanism, username: e.target.value } })} /></label>}
        {source.sasl !== null && secret('saslPassword', 'Password', false)}
      </div>
      <div className="form-row">
        <label className="check"><input type="checkbox" checked={source.tls.enabled} data-testid="kafka-tls" onChange={(e) => onChange({ ...source, tls: { ...source.tls, enabled: e.target.checked } })} /> TLS</label>
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
