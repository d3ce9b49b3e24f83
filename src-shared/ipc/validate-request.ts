/**
 * The one request validator: main's handle(), the WebSocket gateway and tests check arguments with it
 * before a request reaches the engine. Kept apart from the API client so the preload bundle stays
 * free of zod and the schemas.
 */
import { z } from 'zod';
import { REQUEST_SCHEMAS } from './contract';
import type { RequestName, ValidRequestArgs } from './contract';
import { ContractError } from './contract-error';

/** True when `name` is a request of the contract (wire input may name anything). */
function isRequestName(name: unknown): name is RequestName {
  return typeof name === 'string' && Object.hasOwn(REQUEST_SCHEMAS, name);
}

/**
 * Validate raw arguments for `name` (defaults filled in); rejects unknown names and bad arguments with
 * an 'invalid-arguments' ContractError whose message says what is wrong.
 */
export function validateRequest<N extends RequestName>(name: N, raw: unknown): ValidRequestArgs<N> {
  if (!isRequestName(name)) throw new ContractError('invalid-arguments', `Unknown request ${quotedName(name)}.`);
  const parsed = REQUEST_SCHEMAS[name].safeParse(raw ?? {});
  if (!parsed.success) throw new ContractError('invalid-arguments', `Invalid arguments for ${name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data as ValidRequestArgs<N>;
}

/** The longest part of an unknown name an answer repeats. */
const MAX_QUOTED_NAME = 100;

/**
 * An unknown name as JSON, cut short: wire input may be a name of megabytes, which an error message
 * should neither repeat nor make the server copy (found by the server fuzz, src-main/server/server-fuzz.test.ts).
 */
function quotedName(name: unknown): string {
  const text = JSON.stringify(name) ?? String(name);
  return text.length <= MAX_QUOTED_NAME ? text : `${text.slice(0, MAX_QUOTED_NAME)}… (${text.length} characters)`;
}
