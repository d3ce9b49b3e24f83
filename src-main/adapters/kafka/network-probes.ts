/** The low layers of the Kafka connection test: DNS and TCP (shared with the database's test), and TLS. */
import { isIP } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionStepResult } from '../../../src-shared/ipc/contract';
import { parseBroker } from '../../../src-shared/settings/broker-list';
import { PROBE_TIMEOUT_MS, probeDns as probeHostDns, probeStep as step, probeTcp as probeHostTcp } from '../network/network-probes';
import { tlsProblem } from './kafka-errors';

/** A broker entry's host (IPv6 without brackets) and port; the settings schema has already checked the entry. */
export function splitBroker(broker: string): { host: string; port: number } {
  const parsed = parseBroker(broker);
  if (!parsed.ok || parsed.value.port === null) throw new Error(`Not a broker (host:port): ${JSON.stringify(broker)}`);
  return { host: parsed.value.host, port: parsed.value.port };
}

/** Resolves the broker's host name. */
export function probeDns(host: string): Promise<{ result: ConnectionStepResult; address: string | null }> {
  return probeHostDns(host, 'broker');
}

/** Opens (and closes) a TCP connection to a broker. */
export function probeTcp(address: string, port: number, label: string): Promise<ConnectionStepResult> {
  return probeHostTcp(address, port, label, 'broker');
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
