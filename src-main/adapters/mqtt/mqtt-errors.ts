/**
 * Plain-language explanations of MQTT, TLS and socket errors, shared by the source's status line and the
 * connection test. The broker's CONNACK return code is put in words (MQTT 3.1.1 §3.2.2.3).
 */
import { nodeErrorCode, nodeErrorMessage } from '../network/network-probes';

/** What went wrong, for people. `isAuth` marks failures a retry cannot fix (wrong password, not allowed). */
export interface MqttProblem {
  readonly detail: string;
  readonly hint: string;
  readonly isAuth: boolean;
}

/** CONNACK return codes (MQTT 3.1.1) in words, with what to do. */
const CONNACK: Readonly<Record<number, { detail: string; hint: string; isAuth: boolean }>> = {
  1: { detail: 'the broker refused the connection: unacceptable protocol version', hint: 'The broker does not speak MQTT 3.1.1. Check that this is an MQTT broker port.', isAuth: true },
  2: { detail: 'the broker refused the client id', hint: 'Choose another client id (letters and digits; some brokers allow at most 23 characters).', isAuth: true },
  3: { detail: 'the broker refused the connection: server unavailable', hint: 'The broker is up but not accepting clients now. Stationwatch keeps retrying.', isAuth: false },
  4: { detail: 'the broker refused the connection: wrong user name or password', hint: 'Check the user name and the password in this profile.', isAuth: true },
  // Mosquitto 2 answers 5, not 4, to a wrong password over MQTT 3.1.1.
  5: { detail: 'the broker refused the login: not authorized (wrong user name or password, or this user may not connect)', hint: 'Check the user name and the password in this profile; if they are right, ask the broker admins to allow this user.', isAuth: true },
};

const WRONG_CA = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_SIGNATURE_FAILURE']);

/** The CONNACK return code an mqtt.js connection error carries, or null. */
export function connackCode(err: unknown): number | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'number' ? code : null;
}

/** Explains an error of the MQTT client or of a probe; `broker` is "host:port". */
export function mqttProblem(err: unknown, broker: string): MqttProblem {
  const returnCode = connackCode(err);
  if (returnCode !== null) {
    const known = CONNACK[returnCode];
    if (known !== undefined) return known;
    return { detail: nodeErrorMessage(err), hint: 'The broker refused the connection. Run the connection test in Settings to see which step fails.', isAuth: returnCode >= 128 };
  }
  const code = nodeErrorCode(err) ?? '';
  const detail = nodeErrorMessage(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return { detail, isAuth: false, hint: `The broker name in ${broker} could not be resolved (DNS). Check it for typos, and your DNS or VPN.` };
  if (code === 'ECONNREFUSED') return { detail, isAuth: false, hint: `Nothing accepts connections at ${broker}: the broker is down, restarting, or on another port. Stationwatch keeps retrying.` };
  if (code === 'ECONNRESET' || code === 'EPIPE' || /connack timeout|connection closed/i.test(detail)) return { detail, isAuth: false, hint: `The connection to ${broker} was cut. Stationwatch keeps retrying; if it keeps happening, check TLS (a TLS port needs TLS on) and the broker's log.` };
  if (WRONG_CA.has(code)) return { detail, isAuth: true, hint: `The certificate of ${broker} is not signed by a trusted CA (or it is self-signed). Import the broker's CA; allow self-signed certificates only for a test broker.` };
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return { detail, isAuth: true, hint: `The broker's certificate is not issued for the name you connect to (${broker}). Use the name written in the certificate.` };
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return { detail, isAuth: true, hint: "The broker's certificate is outside its validity period. Check this computer's clock, or ask for a renewed certificate." };
  if (/wrong version number|packet length too long|unknown protocol/i.test(detail)) return { detail, isAuth: false, hint: `${broker} did not answer the TLS handshake: it is probably a plaintext port. Use the TLS port (usually 8883) or turn TLS off.` };
  return { detail, isAuth: false, hint: 'The MQTT connection failed. Run the connection test in Settings to see which step fails.' };
}

/** Explains a refused subscription (SUBACK 0x80); `filters` are the refused topic filters. */
export function subscriptionRefused(filters: readonly string[]): MqttProblem {
  const list = filters.map((f) => `"${f}"`).join(', ');
  return { detail: `the broker refused the subscription to ${list}`, hint: 'This user may not read these topics (the broker\'s ACL), or a filter is not allowed. Ask the broker admins for read access.', isAuth: true };
}
