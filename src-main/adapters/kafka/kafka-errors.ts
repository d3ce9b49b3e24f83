/**
 * Plain-language explanations of Kafka, TLS and socket errors, shared by the source's status line and the
 * connection test. Operators read these, so they name the likely cause and the next thing to check.
 */
import type { KafkaProfile } from './kafka-config';
import { mechanismLabel } from './kafka-config';

/** What went wrong, for people: a short detail and advice. `isAuth` marks failures a retry cannot fix. */
export interface KafkaProblem {
  readonly detail: string;
  readonly hint: string;
  readonly isAuth: boolean;
}

interface ErrorLike {
  readonly name?: string;
  readonly message?: string;
  readonly code?: unknown;
  readonly type?: unknown;
  readonly cause?: unknown;
}

function asErrorLike(err: unknown): ErrorLike {
  return typeof err === 'object' && err !== null ? (err as ErrorLike) : { message: String(err) };
}

/** The innermost cause's code, e.g. ECONNREFUSED, ENOTFOUND, SELF_SIGNED_CERT_IN_CHAIN. */
export function errorCode(err: unknown): string | null {
  let e: ErrorLike | undefined = asErrorLike(err);
  let code: string | null = null;
  for (let depth = 0; e !== undefined && depth < 5; depth++) {
    // kafkajs protocol errors carry a numeric `code` and the name in `type`; node errors a string `code`.
    if (typeof e.type === 'string') code = e.type;
    else if (typeof e.code === 'string') code = e.code;
    e = e.cause === undefined ? undefined : asErrorLike(e.cause);
  }
  return code;
}

/** A one-line message for an error, including its cause when that says more. */
export function errorMessage(err: unknown): string {
  const e = asErrorLike(err);
  const cause = e.cause === undefined ? '' : asErrorLike(e.cause).message ?? '';
  const message = e.message ?? String(err);
  return cause !== '' && !message.includes(cause) ? `${message}: ${cause}` : message;
}

const WRONG_CA_CODES = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_SIGNATURE_FAILURE']);

/** Explains a TLS handshake failure; `where` is "host:port". */
export function tlsProblem(err: unknown, where: string): KafkaProblem {
  const code = errorCode(err) ?? '';
  const detail = errorMessage(err);
  if (WRONG_CA_CODES.has(code)) {
    return { detail, isAuth: true, hint: `The certificate of ${where} is not signed by the CA certificate in this profile (or it is self-signed). Import the CA that issued the broker's certificate; allow self-signed certificates only for a test broker.` };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { detail, isAuth: true, hint: `The broker's certificate is not issued for the name you connect to (${where}). Use the host name written in the certificate, or ask for a certificate that includes this name.` };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return { detail, isAuth: true, hint: `The broker's certificate is outside its validity period. Check the computer's clock, or ask the Kafka admins to renew the certificate.` };
  }
  if (/wrong version number|packet length too long|unknown protocol|ECONNRESET|socket disconnected/i.test(`${code} ${detail}`)) {
    return { detail, isAuth: false, hint: `${where} did not answer the TLS handshake. It is probably a plaintext port: use the broker's TLS port, or turn TLS off for this profile.` };
  }
  return { detail, isAuth: false, hint: `The TLS handshake with ${where} failed. Check the CA, client certificate and key in this profile.` };
}

/** Explains any error from kafkajs (connect, metadata, fetch, commit). */
export function kafkaProblem(err: unknown, profile: KafkaProfile): KafkaProblem {
  const e = asErrorLike(err);
  const detail = errorMessage(err);
  const code = errorCode(err) ?? '';
  if (e.name === 'KafkaJSSASLAuthenticationError' || /SASL .*authentication failed|SaslAuthenticationFailed|SASL_AUTHENTICATION_FAILED/i.test(detail)) {
    return { detail, isAuth: true, hint: `The broker rejected the user name or password (${mechanismLabel(profile)}). Check the credentials or the mechanism.` };
  }
  if (/unsupported SASL mechanism|UNSUPPORTED_SASL_MECHANISM/i.test(`${code} ${detail}`)) {
    return { detail, isAuth: true, hint: `The broker does not offer ${mechanismLabel(profile)} on this port. Pick the mechanism the Kafka admins configured, or use the SASL port.` };
  }
  if (/AUTHORIZATION_FAILED|not authorized/i.test(`${code} ${detail}`)) {
    return { detail, isAuth: true, hint: 'The broker accepted the login but this user may not read the topic or use the consumer group. Ask the Kafka admins for READ on the topic and the group.' };
  }
  if (WRONG_CA_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('CERT_')) return tlsProblem(err, profile.brokers.join(', '));
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { detail, isAuth: false, hint: 'A broker name could not be resolved. Check the broker addresses for typos, and your DNS or VPN.' };
  }
  if (code === 'ECONNREFUSED' || /Connection error|ECONNREFUSED|Connection timeout|Closed connection|ConnectionClosed/i.test(`${e.name ?? ''} ${detail}`)) {
    return { detail, isAuth: false, hint: 'The broker cannot be reached. It may be down or restarting; Stationwatch keeps retrying.' };
  }
  if (/COORDINATOR_NOT_AVAILABLE|COORDINATOR_LOAD_IN_PROGRESS|NOT_COORDINATOR/.test(code)) {
    return { detail, isAuth: false, hint: 'The consumer group coordinator is not ready yet (the broker is starting or moving groups). Try again in a few seconds.' };
  }
  if (/UNKNOWN_TOPIC_OR_PARTITION|does not host this topic-partition|topic.*not exist/i.test(`${code} ${detail}`)) {
    return { detail, isAuth: false, hint: `A topic in ${profile.topics.join(', ')} does not exist. Check the name (case matters) or ask the Kafka admins to create it.` };
  }
  return { detail, isAuth: false, hint: 'Kafka reported an error. Run the connection test in Settings to see which step fails.' };
}
