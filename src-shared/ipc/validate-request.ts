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
  if (!parsed.success) throw new ContractError('invalid-arguments', `Invalid arguments for ${name}: ${shortProblems(parsed.error)}`);
  return parsed.data as ValidRequestArgs<N>;
}

/** The longest list of problems an answer carries. */
const MAX_PROBLEMS_TEXT = 1500;

/**
 * zod's readable list of problems, cut short: an array of thousands of wrong elements makes one problem each,
 * and a message of 100,000 characters is no clear error (found by the server fuzz).
 */
function shortProblems(error: z.ZodError): string {
  const text = z.prettifyError(error);
  return text.length <= MAX_PROBLEMS_TEXT ? text : `${text.slice(0, MAX_PROBLEMS_TEXT)}… (${error.issues.length} problems in all)`;
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
