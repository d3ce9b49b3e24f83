/**
 * The low layers every connection test shares, for a Kafka broker and a database server alike: resolve
 * the name, then open (and close) a TCP connection, each timed and explained in words that name what
 * was being reached ("the broker", "the database server").
 */
import { lookup } from 'node:dns/promises';
import { connect as netConnect, isIP } from 'node:net';
import type { ConnectionStepResult } from '../../../src-shared/ipc/contract';

/** How long a TCP (or TLS) probe waits for an answer. */
export const PROBE_TIMEOUT_MS = 5_000;

/** A timed step result. */
export function probeStep(name: ConnectionStepResult['step'], startedAt: number, ok: boolean, detail: string, hint: string | null): ConnectionStepResult {
  return { step: name, ok, detail, hint, ms: Math.round(performance.now() - startedAt) };
}

/** A Node error's code (ENOTFOUND, ECONNREFUSED, …), looking through `cause`. */
export function nodeErrorCode(err: unknown): string | null {
  let e: unknown = err;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return null;
}

/** A one-line message for an error. */
export function nodeErrorMessage(err: unknown): string {
  return err instanceof Error && err.message !== '' ? err.message : String(err);
}

/** Resolves `host`; `what` names the server in the hint ("broker", "database server"). */
export async function probeDns(host: string, what: string): Promise<{ result: ConnectionStepResult; address: string | null }> {
  const t0 = performance.now();
  try {
    const { address } = await lookup(host);
    return { result: probeStep('dns', t0, true, isIP(host) ? `${host} is an address` : `${host} → ${address}`, null), address };
  } catch (err) {
    const hint = `The name "${host}" could not be resolved (${nodeErrorCode(err) ?? 'lookup failed'}). Check the ${what} address for typos, and your DNS or VPN connection.`;
    return { result: probeStep('dns', t0, false, nodeErrorMessage(err), hint), address: null };
  }
}

/** Opens (and closes) a TCP connection to `address`:`port`; `label` is how the settings name it. */
export function probeTcp(address: string, port: number, label: string, what: string): Promise<ConnectionStepResult> {
  const t0 = performance.now();
  return new Promise((resolve) => {
    let socket: ReturnType<typeof netConnect>;
    try {
      socket = netConnect({ host: address, port });
    } catch (err) {
      // A port out of range throws at once; the settings schema refuses one, this keeps a raw error out of the answer anyway.
      resolve(probeStep('tcp', t0, false, nodeErrorMessage(err), `${label} is not an address a connection can be opened to. Check the port (1–65535).`));
      return;
    }
    const finish = (ok: boolean, detail: string, hint: string | null): void => {
      socket.destroy();
      resolve(probeStep('tcp', t0, ok, detail, hint));
    };
    socket.setTimeout(PROBE_TIMEOUT_MS, () => finish(false, `no answer from ${label} within ${PROBE_TIMEOUT_MS / 1000} s`, `${label} does not answer. A firewall may drop the connection, or the address is wrong.`));
    socket.once('connect', () => finish(true, `connected to ${label}`, null));
    socket.once('error', (err) => {
      const code = nodeErrorCode(err);
      const hint = code === 'ECONNREFUSED'
        ? `Nothing is listening on ${label}. Check the port number and that the ${what} is running.`
        : `Could not open a connection to ${label} (${code ?? 'error'}). Check the address, the network and any firewall.`;
      finish(false, nodeErrorMessage(err), hint);
    });
  });
}
