/**
 * A PostgreSQL server as settings name it: postgres://user@host:port/database (postgresql:// too), the
 * password kept apart as a secret. Checked by the settings schema and the dialog, and read by the
 * connection test's first step, so "localhost:5432" is refused with the reason instead of reaching the
 * driver, which would take "localhost:" for a scheme.
 */
import { parseHostPort } from './host-port';
import type { HostKind, Parsed } from './host-port';

/** PostgreSQL's default port. */
const POSTGRES_PORT = 5432;

/** Where a PostgreSQL URL points. */
export interface PostgresAddress {
  readonly host: string;
  readonly hostKind: HostKind;
  readonly port: number;
  /** Null = the driver's default (the user name). */
  readonly database: string | null;
  /** Null = the driver's default (the operating-system user). */
  readonly user: string | null;
  /** The URL carries a password, which belongs in the password field instead. */
  readonly hasPassword: boolean;
}

const EXAMPLE = `postgres://stationwatch@localhost:${POSTGRES_PORT}/stationwatch`;

/** Parse a PostgreSQL URL; the message says what to write instead. */
export function parsePostgresUrl(text: string): Parsed<PostgresAddress> {
  const url = text.trim();
  if (url === '') return { ok: false, message: `Enter the server's URL, e.g. ${EXAMPLE}` };
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(url);
  if (scheme === null) return { ok: false, message: `“${url}” has no scheme: a PostgreSQL URL starts with postgres:// or postgresql://, e.g. ${EXAMPLE}` };
  const name = (scheme[1] as string).toLowerCase();
  if (name !== 'postgres' && name !== 'postgresql') return { ok: false, message: `A PostgreSQL URL starts with postgres:// or postgresql://, not ${name}://; e.g. ${EXAMPLE}` };
  const rest = url.slice(scheme[0].length);
  const authorityEnd = rest.search(/[/?#]/);
  const authority = authorityEnd < 0 ? rest : rest.slice(0, authorityEnd);
  const path = authorityEnd < 0 ? '' : rest.slice(authorityEnd);
  const at = authority.lastIndexOf('@');
  const userInfo = at < 0 ? null : authority.slice(0, at);
  const hostPort = authority.slice(at + 1);
  if (hostPort === '') return { ok: false, message: `Name the server after “${name}://”, e.g. ${EXAMPLE}` };
  if (hostPort.includes(',')) return { ok: false, message: 'Name one server: Stationwatch connects to a single PostgreSQL host' };
  const address = parseHostPort(hostPort, false, POSTGRES_PORT);
  if (!address.ok) return address;
  const colon = userInfo === null ? -1 : userInfo.indexOf(':');
  const user = decode(userInfo === null ? '' : colon < 0 ? userInfo : userInfo.slice(0, colon));
  const database = decode(/^\/([^?#]*)/.exec(path)?.[1] ?? '');
  if (user === null || database === null) return { ok: false, message: 'The URL has a “%” that does not start an escape like %20' };
  if (database.includes('/')) return { ok: false, message: `Name one database after the server, e.g. ${EXAMPLE}` };
  return {
    ok: true,
    value: { host: address.value.host, hostKind: address.value.kind, port: address.value.port ?? POSTGRES_PORT, database: database === '' ? null : database, user: user === '' ? null : user, hasPassword: colon >= 0 },
  };
}

/** What is wrong with a PostgreSQL URL, or null when it is one. */
export function describePostgresUrlProblem(url: string): string | null {
  const parsed = parsePostgresUrl(url);
  return parsed.ok ? null : parsed.message;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}
