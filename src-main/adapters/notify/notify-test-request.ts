/**
 * notify:test — a channel's test button. Secrets typed in with the request are always used; a stored
 * secret of the running profile only when the tested channel is the saved channel with that id and
 * sends where it does (same URL and authorization; same host, port, security and user), so a caller
 * cannot point a saved channel's id at a server of its own and receive the stored password there (the
 * rule connection:test follows, settings/connection-secrets.ts).
 */
import type { SecretName } from '../../../src-shared/ipc/contract';
import type { Channel } from '../../../src-shared/settings/escalation';
import type { Profile } from '../../../src-shared/settings/schema';
import { testChannel } from './channel-send';
import type { ChannelSecrets, ChannelTestResult } from './channel-send';

type Secrets = Partial<Record<SecretName, string | null | undefined>>;

/** Runs the test of `channel` with the secrets the rule above allows. */
export async function runNotifyTest(channel: Channel, supplied: Secrets, running: Profile, stored: Secrets | undefined, now: number): Promise<ChannelTestResult> {
  const saved = running.escalation?.channels.find((c) => c.id === channel.id);
  const mayUseStored = saved !== undefined && sameDestination(channel, saved);
  const pick = (name: 'smtpPassword' | 'webhookToken'): string | null => {
    const typed = supplied[name];
    if (typeof typed === 'string' && typed !== '') return typed;
    const kept = stored?.[name];
    return mayUseStored && typeof kept === 'string' && kept !== '' ? kept : null;
  };
  const secrets: ChannelSecrets = { smtpPassword: pick('smtpPassword'), webhookToken: pick('webhookToken') };
  const needed = channel.kind === 'webhook' ? (channel.authorization === 'bearer' ? 'webhookToken' : null) : channel.username !== null ? 'smtpPassword' : null;
  const isWithheld = needed !== null && secrets[needed] === null && typeof stored?.[needed] === 'string' && stored[needed] !== '';
  const result = await testChannel(channel, secrets, { linkBaseUrl: running.escalation?.linkBaseUrl ?? null, now });
  if (result.isOk || !isWithheld) return result;
  const label = needed === 'webhookToken' ? 'webhook token' : 'SMTP password';
  return { ...result, message: `${result.message} The saved ${label} was not used: it is only sent with the saved channel's own address and settings, and the channel tested here differs. To test it, enter the ${label} here.` };
}

function sameDestination(a: Channel, b: Channel): boolean {
  if (a.kind === 'webhook' && b.kind === 'webhook') return a.url === b.url && a.authorization === b.authorization && a.allowSelfSigned === b.allowSelfSigned;
  if (a.kind === 'email' && b.kind === 'email') {
    return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port && a.security === b.security && a.allowSelfSigned === b.allowSelfSigned && a.username === b.username;
  }
  return false;
}
