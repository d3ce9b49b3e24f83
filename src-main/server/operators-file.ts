/**
 * Named operator tokens for headless mode: an owner-only JSON file, named by STATIONWATCH_OPERATORS_FILE,
 * that gives each person on the operator rota a token of their own, so the audit trail names who
 * acknowledged or shelved an alarm instead of the server's OS user:
 *
 *   [{ "name": "Ana de Vries", "token": "…at least 24 characters…" }, …]
 *
 * Read once at start; a file with a problem stops the start with a message naming the entry.
 */
import { z } from 'zod';
import type { NamedOperator, ServerTokens } from './access';
import { readOwnerOnlyFile } from './env-secrets';

/** Environment variable naming the file. */
export const OPERATORS_FILE_ENV = 'STATIONWATCH_OPERATORS_FILE';

/** Shorter tokens are refused: they could be guessed. `openssl rand -base64 32` gives 44 characters. */
export const MIN_OPERATOR_TOKEN_LENGTH = 24;

const OperatorSchema = z.object({
  name: z.string().trim().min(1, 'a name is required').max(100, 'a name has at most 100 characters'),
  token: z
    .string()
    .min(MIN_OPERATOR_TOKEN_LENGTH, `a token has at least ${MIN_OPERATOR_TOKEN_LENGTH} characters (e.g. from openssl rand -base64 32)`)
    .max(512, 'a token has at most 512 characters')
    .regex(/^[\x21-\x7e]+$/, 'a token is printable ASCII without spaces'),
});

/**
 * The named operators in `text` (the file's content); throws a plain message naming the first problem.
 * Names and tokens must be unique, and no token may equal the shared viewer or operator token.
 */
export function parseOperators(text: string, shared: Partial<Pick<ServerTokens, 'viewer' | 'operator'>> = {}): NamedOperator[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`The operators file is not valid JSON (${error instanceof Error ? error.message : String(error)}).`);
  }
  if (!Array.isArray(json)) throw new Error('The operators file must hold a JSON array of {"name", "token"} entries.');
  const operators: NamedOperator[] = [];
  const names = new Set<string>();
  const tokens = new Set<string>([shared.viewer, shared.operator].filter((t): t is string => t !== undefined));
  json.forEach((entry: unknown, index) => {
    const parsed = OperatorSchema.safeParse(entry);
    const where = `entry ${index + 1}`;
    if (!parsed.success) throw new Error(`The operators file's ${where}: ${parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')}.`);
    const { name, token } = parsed.data;
    if (names.has(name.toLowerCase())) throw new Error(`The operators file's ${where}: the name "${name}" is listed twice.`);
    if (tokens.has(token)) throw new Error(`The operators file's ${where} (${name}): this token is already in use by another entry or a shared token; give each person a token of their own.`);
    names.add(name.toLowerCase());
    tokens.add(token);
    operators.push({ name, token });
  });
  return operators;
}

/** The named operators from the file STATIONWATCH_OPERATORS_FILE names (owner-only), or [] when it is not set. */
export function operatorsFromEnv(env: NodeJS.ProcessEnv, shared: Partial<Pick<ServerTokens, 'viewer' | 'operator'>>): NamedOperator[] {
  const path = env[OPERATORS_FILE_ENV];
  if (path === undefined || path.length === 0) return [];
  let text: string;
  try {
    text = readOwnerOnlyFile(path);
  } catch (error) {
    throw new Error(`${OPERATORS_FILE_ENV}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseOperators(text, shared);
}
