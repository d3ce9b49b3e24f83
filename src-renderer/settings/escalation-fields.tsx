import type { SecretName, SecretStatus } from '../../src-shared/ipc/contract';
import type { EscalationSettings } from '../../src-shared/settings/escalation';
import { ChannelEditor } from './channel-editor';
import { EscalationField as Field } from './escalation-field';
import { escalationOf, escalationProblems, newEmailChannel, newPolicy, newWebhookChannel } from './escalation-ops';
import { PolicyEditor } from './policy-editor';
import { SecretField } from './secret-field';
import type { SecretUpdate } from './secret-field';

/**
 * A profile's escalation beyond the screen: its channels (webhook, email) with a test button each, the
 * channel secrets (write-only, like every secret), and the policies that route unacknowledged alarms to them.
 */
export function EscalationFields(props: {
  readonly escalation: EscalationSettings | undefined;
  readonly onChange: (escalation: EscalationSettings) => void;
  readonly secrets: SecretStatus | undefined;
  readonly updates: Partial<Record<SecretName, SecretUpdate>>;
  readonly onSecret: (name: SecretName, update: SecretUpdate) => void;
}) {
  const escalation = escalationOf(props.escalation);
  const { channels, policies } = escalation;
  const problems = escalationProblems(escalation);
  const change = (next: Partial<EscalationSettings>): void => props.onChange({ ...escalation, ...next });
  const usesToken = channels.some((c) => c.kind === 'webhook' && c.authorization === 'bearer');
  const usesPassword = channels.some((c) => c.kind === 'email' && c.username !== null);
  return (
    <fieldset className="fieldset escalation-fields" data-testid="escalation-fields">
      <legend>Escalation beyond the screen</legend>
      <p className="field-hint">
        Unacknowledged alarms go to these channels after each step's delay; acknowledging an alarm stops its escalation. Each delivery is sent once per alarm and step, with retries, and is listed under Alarms → Deliveries.
      </p>
      <h3 className="steps-title">Channels</h3>
      {channels.length === 0 && <p className="muted">No channel: nothing leaves the screen.</p>}
      {channels.map((channel, index) => (
        <ChannelEditor
          key={index}
          channel={channel}
          index={index}
          problems={problems}
          secrets={props.updates}
          onChange={(next) => change({ channels: channels.map((c, i) => (i === index ? next : c)), policies: policies.map((p) => renameChannel(p, channel.id, next.id)) })}
          onRemove={() => change({ channels: channels.filter((_, i) => i !== index) })}
        />
      ))}
      <div className="form-actions">
        <button type="button" data-testid="add-webhook" onClick={() => change({ channels: [...channels, newWebhookChannel(channels)] })}>Add webhook</button>
        <button type="button" data-testid="add-email" onClick={() => change({ channels: [...channels, newEmailChannel(channels)] })}>Add email</button>
      </div>
      {(usesToken || usesPassword || props.secrets?.webhookToken === true || props.secrets?.smtpPassword === true) && (
        <div className="form-grid">
          <SecretField label="Webhook token (sent as Bearer)" isSet={props.secrets?.webhookToken ?? false} update={props.updates.webhookToken} onUpdate={(u) => props.onSecret('webhookToken', u)} testId="secret-webhook-token" />
          <SecretField label="SMTP password" isSet={props.secrets?.smtpPassword ?? false} update={props.updates.smtpPassword} onUpdate={(u) => props.onSecret('smtpPassword', u)} testId="secret-smtp-password" />
        </div>
      )}
      <h3 className="steps-title">Policies</h3>
      {policies.length === 0 && <p className="muted">No policy: no alarm is escalated.</p>}
      {policies.map((policy, index) => (
        <PolicyEditor
          key={index}
          policy={policy}
          index={index}
          channels={channels}
          problems={problems}
          onChange={(next) => change({ policies: policies.map((p, i) => (i === index ? next : p)) })}
          onRemove={() => change({ policies: policies.filter((_, i) => i !== index) })}
        />
      ))}
      <div className="form-actions">
        <button type="button" data-testid="add-policy" onClick={() => change({ policies: [...policies, newPolicy(escalation)] })}>Add policy</button>
      </div>
      <div className="form-grid">
        <Field label="Link in messages (this server's address; empty: no link)" at="linkBaseUrl" problems={problems} testId="escalation-link" wide>
          {(invalid, describedBy) => (
            <input value={escalation.linkBaseUrl ?? ''} placeholder="https://stationwatch.example.invalid" data-testid="escalation-link" aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => change({ linkBaseUrl: e.target.value.trim() === '' ? null : e.target.value.trim() })} />
          )}
        </Field>
      </div>
    </fieldset>
  );
}

/** A channel's id changed: the policy's steps follow it, so renaming never leaves a step pointing nowhere. */
function renameChannel<P extends EscalationSettings['policies'][number]>(policy: P, from: string, to: string): P {
  if (from === to) return policy;
  return { ...policy, steps: policy.steps.map((s) => ({ ...s, channelIds: s.channelIds.map((id) => (id === from ? to : id)) })) };
}
