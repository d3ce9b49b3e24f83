/**
 * A request's answer as it crosses a process boundary — ipcMain.handle → ipcRenderer.invoke, the
 * WebSocket wire, the engine's process protocol. Errors travel as `{ code, message }`, never as Error
 * objects: Electron would prefix the message with "Error invoking remote method …" and drop the code,
 * and JSON and structured clone keep no class.
 */
import { clientErrorCode, ContractError, errorCodeOf, isErrorCode } from './contract-error';
import type { ErrorCode } from './contract-error';

/** A failure as it crosses. */
export interface ErrorBody {
  readonly code: ErrorCode;
  readonly message: string;
}

/** A request's answer as it crosses. */
export type Envelope = { readonly ok: true; readonly result: unknown } | { readonly ok: false; readonly error: ErrorBody };

/** Anything thrown as an error body; the host's supervision codes become 'unavailable'. */
export function toErrorBody(error: unknown): ErrorBody {
  return { code: clientErrorCode(errorCodeOf(error)), message: error instanceof Error ? error.message : String(error) };
}

/** Run a handler and settle what it returns or throws into an envelope; never rejects. */
export async function toEnvelope(handler: () => unknown): Promise<Envelope> {
  try {
    return { ok: true, result: await handler() };
  } catch (error) {
    return { ok: false, error: toErrorBody(error) };
  }
}

/** The error an arrived error body stands for; a code this version does not know becomes 'failed'. */
export function fromErrorBody(body: ErrorBody): ContractError {
  const code = isErrorCode(body.code) ? body.code : 'failed';
  return new ContractError(code, typeof body.message === 'string' && body.message !== '' ? body.message : code);
}

/** The result an arrived envelope carries; throws its ContractError when it carries a failure. */
export function fromEnvelope(envelope: Envelope): unknown {
  if (envelope.ok) return envelope.result;
  throw fromErrorBody(envelope.error);
}
