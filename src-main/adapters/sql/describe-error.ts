/**
 * Turns driver errors (pg, PGlite, Node sockets) into the plain words the status view shows, and
 * decides whether retrying can help: a refused connection heals when the server returns, a row the
 * server rejects as invalid never will, and a statement timeout or an error without a SQLSTATE may be
 * either, so it gets a few attempts before the write is split to find the rows at fault.
 */
import { NEWER_SCHEMA_CODE } from './migrate';

export type FailureKind =
  /** The database is away or refusing us (connection, authentication, shutdown, resources): retry without limit; the write is not at fault. */
  | 'unreachable'
  /** Perhaps passing, perhaps this write (statement timeout, deadlock, internal error, no SQLSTATE): retry a few times, then split. */
  | 'uncertain'
  /** This write is at fault (data, constraint, syntax): split it and set aside only the rows the database refuses. */
  | 'invalid';

export interface DescribedError {
  readonly message: string;
  readonly kind: FailureKind;
}

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly address?: unknown;
  readonly port?: unknown;
  readonly errors?: unknown;
}

const socketWords: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'connection closed',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
};

/** Describes an error from a database call; `target` ("host:port") fills in what the error leaves out. */
export function describeDatabaseError(error: unknown, target: string | null = null): DescribedError {
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as ErrorLike;
  // A schema newer than this build's (also from the embedded database's worker): wait as for a database away, so no write is split and set aside.
  if (e.code === NEWER_SCHEMA_CODE) return { message: text(e.message), kind: 'unreachable' };
  // Node tries every address of a host (IPv6 and IPv4) and reports an AggregateError with no message.
  if (Array.isArray(e.errors) && e.errors.length > 0 && !text(e.message)) return describeDatabaseError(e.errors[e.errors.length - 1], target);
  const code = typeof e.code === 'string' ? e.code : '';
  const message = text(e.message);
  const where = typeof e.address === 'string' ? `${e.address}${e.port !== undefined ? `:${String(e.port)}` : ''}` : target;
  if (code in socketWords) return { message: `${socketWords[code]}${where ? ` at ${where}` : ''}`, kind: 'unreachable' };
  if (/client password must be a string/i.test(message)) {
    return { message: 'the server asks for a password, but none is stored for this database', kind: 'unreachable' };
  }
  if (/^[0-9A-Z]{5}$/.test(code)) return { message, kind: sqlStateKind(code) };
  // No SQLSTATE: the connection was lost or never made (pg, pg-pool, the PGlite worker) …
  if (/terminated|not queryable|\bclosed\b|connection (error|lost|reset)|timeout exceeded when trying to connect|worker (failed|exited)/i.test(message)) {
    return { message: message || 'connection lost', kind: 'unreachable' };
  }
  // … or something else ("Query read timeout", a driver failure): perhaps this write; bounded retries, then split.
  return { message: message || 'database error', kind: 'uncertain' };
}

/**
 * SQLSTATE classes (PostgreSQL docs, appendix A): 08 connection, 28 authorization, 3D no such database,
 * 53 resources (disk full, too many connections), 57 operator intervention (shutdown), 58 system I/O,
 * 55006 object in use: the database or its availability, not the data. 57014 query canceled (a
 * statement timeout), 55P03 lock not available, 40 serialization/deadlock and XX internal errors may
 * pass or may be this write. 22 data exception, 23 constraints, 42 syntax, 54 limits: the write itself.
 */
function sqlStateKind(code: string): FailureKind {
  if (code === '57014' || code === '55P03') return 'uncertain';
  const cls = code.slice(0, 2);
  if (['08', '28', '3D', '53', '57', '58'].includes(cls) || code === '55006') return 'unreachable';
  return cls === '40' || cls === 'XX' ? 'uncertain' : 'invalid';
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
