import { useState } from 'react';
import type { NotifyTestResult, SecretName } from '../../src-shared/ipc/contract';
import { ChannelSchema } from '../../src-shared/settings/escalation';
import type { Channel, EmailChannel, WebhookChannel } from '../../src-shared/settings/escalation';
import { useSession } from '../app-context';
import type { EscalationProblems } from './escalation-ops';
import { EscalationField as Field, numberOf } from './escalation-field';
import { parseRecipients } from './escalation-ops';
import type { SecretUpdate } from './secret-field';


/** One notification channel: where it sends, and its test button. `index` places its findings. */
export function ChannelEditor(props: {
  readonly channel: Channel;
  readonly index: number;
  readonly problems: EscalationProblems;
  readonly secrets: Partial<Record<SecretName, SecretUpdate>>;
  readonly onChange: (channel: Channel) => void;
  readonly onRemove: () => void;
}) {
  const { channel, index, problems } = props;
  const at = (field: string): string => `channels.${index}.${field}`;
  const testId = (field: string): string => `channel-${index}-${field}`;
  return (
    <fieldset className="fieldset channel-editor" data-testid={`channel-${index}`} aria-label={`Channel ${channel.name}`}>
      <legend>{channel.kind === 'webhook' ? 'Webhook' : 'Email'}: {channel.name}</legend>
      <div className="form-grid">
        <Field label="Name" at={at('name')} problems={problems} testId={testId('name')}>
          {(invalid, describedBy) => <input value={channel.name} data-testid={testId('name')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => props.onChange({ ...channel, name: e.target.value })} />}
        </Field>
        <Field label="Id (used by policies and the delivery log)" at={at('id')} problems={problems} testId={testId('id')}>
          {(invalid, describedBy) => <input value={channel.id} data-testid={testId('id')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => props.onChange({ ...channel, id: e.target.value })} />}
        </Field>
        {channel.kind === 'webhook' ? <WebhookFields channel={channel} at={at} testId={testId} problems={problems} onChange={props.onChange} /> : <EmailFields channel={channel} at={at} testId={testId} problems={problems} onChange={props.onChange} />}
        <Field label="Retries after a failed attempt" at={at('retries')} problems={problems} testId={testId('retries')}>
          {(invalid, describedBy) => <input type="number" min="0" max="10" value={Number.isNaN(channel.retries) ? '' : channel.retries} aria-invalid={invalid} aria-describedby={describedBy} data-testid={testId('retries')} onChange={(e) => props.onChange({ ...channel, retries: numberOf(e.target.value) })} />}
        </Field>
      </div>
      <div className="form-actions">
        <ChannelTestButton channel={channel} index={index} secrets={props.secrets} />
        <button type="button" data-testid={testId('remove')} onClick={props.onRemove}>Remove channel</button>
      </div>
    </fieldset>
  );
}

type FieldsProps<C> = { readonly channel: C; readonly at: (field: string) => string; readonly testId: (field: string) => string; readonly problems: EscalationProblems; readonly onChange: (channel: Channel) => void };

function WebhookFields({ channel, at, testId, problems, onChange }: FieldsProps<WebhookChannel>) {
  return (
    <>
      <Field label="Web address (JSON POST)" at={at('url')} problems={problems} testId={testId('url')} wide>
        {(invalid, describedBy) => <input value={channel.url} placeholder="https://chat.example.invalid/hooks/…" data-testid={testId('url')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...channel, url: e.target.value.trim() })} />}
      </Field>
      <label className="field">
        <span>Authorization</span>
        <select value={channel.authorization} data-testid={testId('authorization')} onChange={(e) => onChange({ ...channel, authorization: e.target.value as WebhookChannel['authorization'] })}>
          <option value="none">None</option>
          <option value="bearer">Bearer token (the profile's webhook token)</option>
        </select>
      </label>
    </>
  );
}

function EmailFields({ channel, at, testId, problems, onChange }: FieldsProps<EmailChannel>) {
  // The recipients as typed (a trailing comma stays while typing); the channel holds the parsed list.
  const [typed, setRecipients] = useState(channel.to.join(', '));
  // The typed text unless the channel's list changed elsewhere (a channel above was removed and this editor now shows another).
  const recipients = parseRecipients(typed).join('\n') === channel.to.join('\n') ? typed : channel.to.join(', ');
  return (
    <>
      <Field label="SMTP server" at={at('host')} problems={problems} testId={testId('host')}>
        {(invalid, describedBy) => <input value={channel.host} placeholder="smtp.example.invalid" data-testid={testId('host')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...channel, host: e.target.value.trim() })} />}
      </Field>
      <Field label="Port" at={at('port')} problems={problems} testId={testId('port')}>
        {(invalid, describedBy) => <input type="number" min="1" max="65535" value={Number.isNaN(channel.port) ? '' : channel.port} data-testid={testId('port')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...channel, port: numberOf(e.target.value) })} />}
      </Field>
      <label className="field">
        <span>Security</span>
        <select value={channel.security} data-testid={testId('security')} onChange={(e) => onChange({ ...channel, security: e.target.value as EmailChannel['security'] })}>
          <option value="starttls">STARTTLS (port 587)</option>
          <option value="tls">TLS from the start (port 465)</option>
          <option value="none">None: plain text (a server on this machine only)</option>
        </select>
      </label>
      <Field label="User name (empty: no login)" at={at('username')} problems={problems} testId={testId('username')}>
        {(invalid, describedBy) => <input value={channel.username ?? ''} autoComplete="off" data-testid={testId('username')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...channel, username: e.target.value.trim() === '' ? null : e.target.value.trim() })} />}
      </Field>
      <Field label="From" at={at('from')} problems={problems} testId={testId('from')}>
        {(invalid, describedBy) => <input type="email" value={channel.from} data-testid={testId('from')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => onChange({ ...channel, from: e.target.value.trim() })} />}
      </Field>
      <Field label="To (separate addresses with commas)" at={at('to')} problems={problems} testId={testId('to')} wide>
        {(invalid, describedBy) => (
          <input value={recipients} data-testid={testId('to')} aria-invalid={invalid} aria-describedby={describedBy} onChange={(e) => (setRecipients(e.target.value), onChange({ ...channel, to: parseRecipients(e.target.value) }))} />
        )}
      </Field>
    </>
  );
}

/** "Send test": the channel as typed, with the secrets typed in this dialog (saved ones only for the saved channel). */
function ChannelTestButton(props: { readonly channel: Channel; readonly index: number; readonly secrets: Partial<Record<SecretName, SecretUpdate>> }) {
  const { api } = useSession();
  const [result, setResult] = useState<NotifyTestResult | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(): Promise<void> {
    const parsed = ChannelSchema.safeParse(props.channel);
    if (!parsed.success) return setResult({ isOk: false, message: 'Fix the fields marked above first; nothing was sent.' });
    setBusy(true);
    setResult(null);
    const typed: Partial<Record<SecretName, string>> = {};
    for (const name of ['smtpPassword', 'webhookToken'] as const) {
      const value = props.secrets[name];
      if (typeof value === 'string') typed[name] = value;
    }
    try {
      setResult(await api.request('notify:test', { channel: parsed.data, secrets: typed }));
    } catch (error) {
      setResult({ isOk: false, message: error instanceof Error ? error.message : String(error) });
    } finally {
      setBusy(false);
    }
  }
  const testId = `channel-${props.index}-test`;
  return (
    <>
      <button type="button" disabled={busy} data-testid={testId} onClick={() => void run()}>{busy ? 'Sending…' : 'Send test'}</button>
      <span role="status" aria-live="polite" className={result === null ? undefined : result.isOk ? 'test-result ok' : 'test-result failed'} data-testid={`${testId}-result`} data-ok={result?.isOk}>
        {result !== null && (result.isOk ? '✓ ' : '✕ ') + result.message}
      </span>
    </>
  );
}
