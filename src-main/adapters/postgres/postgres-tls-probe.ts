/**
 * The TLS layer of the database's connection test. PostgreSQL does not start TLS on connect: the client
 * first sends an SSLRequest and the server answers 'S' (go ahead) or 'N' (no TLS here); only then does
 * the handshake run (PostgreSQL docs, "Protocol Flow", 55.2.10 SSL Session Encryption). The handshake
 * verifies the certificate as the store's pool does (rejectUnauthorized, the system's CAs).
 */
import { connect as netConnect, isIP } from 'node:net';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { ConnectionStepResult } from '../../../src-shared/ipc/contract';
import { nodeErrorCode, nodeErrorMessage, PROBE_TIMEOUT_MS, probeStep } from '../network/network-probes';

/** Length 8, then the SSLRequest code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Asks `address`:`port` for TLS and completes the handshake for `host`. */
export function probePostgresTls(host: string, address: string, port: number): Promise<ConnectionStepResult> {
  const t0 = performance.now();
  const label = `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
  return new Promise((resolve) => {
    const socket = netConnect({ host: address, port });
    let tls: Socket | null = null;
    const finish = (ok: boolean, detail: string, hint: string | null): void => {
      tls?.destroy();
      socket.destroy();
      resolve(probeStep('tls', t0, ok, detail, hint));
    };
    const timer = setTimeout(() => finish(false, `no TLS answer from ${label} within ${PROBE_TIMEOUT_MS / 1000} s`, `${label} did not complete a TLS handshake. Check that it is a PostgreSQL server.`), PROBE_TIMEOUT_MS);
    const done = (ok: boolean, detail: string, hint: string | null): void => {
      clearTimeout(timer);
      finish(ok, detail, hint);
    };
    socket.on('error', (err) => done(false, nodeErrorMessage(err), `Could not open a connection to ${label} for TLS (${nodeErrorCode(err) ?? 'error'}).`));
    socket.once('connect', () => socket.write(SSL_REQUEST));
    socket.once('data', (answer: Buffer) => {
      const code = String.fromCharCode(answer[0] ?? 0);
      if (code === 'N') return done(false, 'the server does not offer TLS', `${label} accepts only unencrypted connections. Turn TLS off for this database, or ask the database admins to enable ssl in postgresql.conf.`);
      if (code !== 'S') return done(false, 'the server did not answer the TLS request', `${label} does not answer like a PostgreSQL server. Check the host and port.`);
      const secure = tlsConnect({ socket, rejectUnauthorized: true, ...(isIP(host) ? {} : { servername: host }) });
      tls = secure;
      secure.once('secureConnect', () => {
        const peer = secure.getPeerCertificate();
        done(true, `${secure.getProtocol() ?? 'TLS'}; certificate "${peer.subject?.CN ?? 'unknown subject'}" issued by "${peer.issuer?.CN ?? 'unknown issuer'}", verified`, null);
      });
      secure.on('error', (err) => done(false, nodeErrorMessage(err), certificateHint(nodeErrorCode(err) ?? '', label)));
    });
  });
}

const UNTRUSTED = new Set(['SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'UNABLE_TO_GET_ISSUER_CERT', 'CERT_SIGNATURE_FAILURE']);

function certificateHint(code: string, label: string): string {
  if (UNTRUSTED.has(code)) return `The certificate of ${label} is not signed by a CA this computer trusts (self-signed or a private CA). Install the issuing CA in the system's trust store (or NODE_EXTRA_CA_CERTS).`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `The server's certificate is not issued for the name in the URL (${label}). Use the host name written in the certificate.`;
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return "The server's certificate is outside its validity period. Check this computer's clock, or ask the database admins to renew it.";
  return `The TLS handshake with ${label} failed. Ask the database admins which TLS settings the server expects.`;
}
