/** The low layers of the connection test: DNS, TCP and TLS, each timed and explained. */
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionStepResult } from '../../../src-shared/ipc/contract';
import { errorCode, errorMessage, tlsProblem } from './kafka-errors';

const PROBE_TIMEOUT_MS = 5_000;

/** "host:port" split; the settings schema has already checked the shape. */
export function splitBroker(broker: string): { host: string; port: number } {
  const i = broker.lastIndexOf(':');
  return { host: broker.slice(0, i), port: Number(broker.slice(i + 1)) };
}

function step(name: ConnectionStepResult['step'], startedAt: number, ok: boolean, detail: string, hint: string | null): ConnectionStepResult {
  return { step: name, ok, detail, hint, ms: Math.round(performance.now() - startedAt) };
}

/** Resolves the broker's host name. */
export async function probeDns(host: string): Promise<{ result: ConnectionStepResult; address: string | null }> {
  const t0 = performance.now();
  try {
    const { address } = await lookup(host);
    return { result: step('dns', t0, true, isIP(host) ? `${host} is an address` : `${host} → ${address}`, null), address };
  } catch (err) {
    const hint = `The name "${host}" could not be resolved (${errorCode(err) ?? 'lookup failed'}). Check the broker address for typos, and your DNS or VPN connection.`;
    return { result: step('dns', t0, false, errorMessage(err), hint), address: null };
  }
}

/** Opens (and closes) a TCP connection. */
export function probeTcp(address: string, port: number, label: string): Promise<ConnectionStepResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    const socket = netConnect({ host: address, port });
    const finish = (ok: boolean, detail: string, hint: string | null): void => {
      socket.destroy();
      resolve(step('tcp', t0, ok, detail, hint));
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false, `no answer from ${label} within ${PROBE_TIMEOUT_MS / 1000} s`, `${label} does not answer. A firewall may drop the connection, or the address is wrong.`));
    socket.once('connect', () => finish(true, `connected to ${label}`, null));
    socket.once('error', (err) => {
      const code = errorCode(err);
      const hint = code === 'ECONNREFUSED'
        ? `Nothing is listening on ${label}. Check the port number and that the broker is running.`
        : `Could not open a connection to ${label} (${code ?? 'error'}). Check the address, the network and any firewall.`;
      finish(false, errorMessage(err), hint);
    });
  });
}

/** Completes a TLS handshake with the given trust material and reports the certificate seen. */
export function probeTls(host: string, address: string, port: number, options: { ca?: string[]; cert?: string; key?: string; rejectUnauthorized: boolean }): Promise<ConnectionStepResult> {
  const t0 = performance.now();
  const label = `${host}:${port}`;
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: address, port, ...(isIP(host) ? {} : { servername: host }), ...options });
    const finish = (result: ConnectionStepResult): void => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(step('tls', t0, false, 'TLS handshake timed out', `${label} did not complete a TLS handshake. It may be a plaintext port: use the broker's TLS port or turn TLS off.`)));
    socket.once('secureConnect', () => {
      const peer = socket.getPeerCertificate();
      const subject = peer.subject?.CN ?? 'unknown subject';
      const issuer = peer.issuer?.CN ?? 'unknown issuer';
      const verified = socket.authorized ? 'verified' : 'NOT verified (self-signed allowed)';
      finish(step('tls', t0, true, `${socket.getProtocol() ?? 'TLS'}; certificate "${subject}" issued by "${issuer}", ${verified}`, null));
    });
    socket.once('error', (err) => {
      const problem = tlsProblem(err, label);
      finish(step('tls', t0, false, problem.detail, problem.hint));
    });
  });
}
