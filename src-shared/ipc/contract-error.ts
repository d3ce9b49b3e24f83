/**
 * The one error every transport of the contract rejects with — Electron IPC, the WebSocket wire and
 * the engine's process protocol — so a caller tells a refusal from a time-out by `code`, whichever
 * transport carried the request. Environment-free and free of zod: the sandboxed preload bundles it.
 */

/** Every code the system uses, grouped by who raises it. */
export const ERROR_CODES = [
  // The contract's gatekeepers (main's handle(), the WebSocket gateway, headless access).
  'invalid-arguments',
  'forbidden',
  'unauthorized',
  // The WebSocket gateway: too many requests from one connection are awaiting an answer.
  'busy',
  // The engine, or a test double standing in for it.
  'not-found',
  'not-implemented',
  // The engine host, supervising the engine's process; clients see these as 'unavailable'.
  'unavailable',
  'timeout',
  'engine-restarted',
  'engine-stopped',
  'init-failed',
  'init-timeout',
  'engine-exited',
  // Anything else, including codes this version does not know.
  'failed',
] as const;

/** Why a request failed. */
export type ErrorCode = (typeof ERROR_CODES)[number];

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** Codes that mean "the engine is not there right now; try again", whatever the host called it. */
const RETRYABLE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['unavailable', 'timeout', 'engine-restarted', 'engine-stopped', 'init-failed', 'init-timeout', 'engine-exited']);

/** True for a code of this version's ErrorCode union. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && KNOWN_CODES.has(value);
}

/** A failed contract request, with a plain-language message for the operator. */
export class ContractError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractError';
  }
}

/** The code of anything thrown: the `code` it carries when that is a known one, else 'failed'. */
export function errorCodeOf(error: unknown): ErrorCode {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return isErrorCode(code) ? code : 'failed';
}

/**
 * The code a client is told: the host's supervision codes collapse to 'unavailable', since all the
 * caller can do about any of them is retry (what main and the WebSocket gateway have always sent).
 */
export function clientErrorCode(code: ErrorCode): ErrorCode {
  return RETRYABLE_CODES.has(code) ? 'unavailable' : code;
}
