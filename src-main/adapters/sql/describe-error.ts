/**
 * Turns driver errors (pg, PGlite, Node sockets) into the plain words the status view shows, and
 * decides whether retrying can help: a refused connection heals when the server returns, a row the
 * server rejects as invalid never will.
 */
export interface DescribedError {
  readonly message: string;
  /** True when the database is away or refusing us; false when this write itself is at fault. */
  readonly isRetryable: boolean;
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
  // Node tries every address of a host (IPv6 and IPv4) and reports an AggregateError with no message.
  if (Array.isArray(e.errors) && e.errors.length > 0 && !text(e.message)) return describeDatabaseError(e.errors[e.errors.length - 1], target);
  const code = typeof e.code === 'string' ? e.code : '';
  const message = text(e.message);
  const where = typeof e.address === 'string' ? `${e.address}${e.port !== undefined ? `:${String(e.port)}` : ''}` : target;
  if (code in socketWords) return { message: `${socketWords[code]}${where ? ` at ${where}` : ''}`, isRetryable: true };
  if (/client password must be a string/i.test(message)) {
    return { message: 'the server asks for a password, but none is stored for this database', isRetryable: true };
  }
  if (/timeout|terminated|Connection terminated|not queryable|closed|worker (failed|exited)/i.test(message) && !/^\d/.test(code)) {
    return { message: message || 'connection lost', isRetryable: true };
  }
  if (/^[0-9A-Z]{5}$/.test(code)) return { message, isRetryable: isRetryableSqlState(code) };
  // No SQLSTATE: a transport-level failure of some kind; retrying is the safe default.
  return { message: message || 'database error', isRetryable: true };
}

/**
 * SQLSTATE classes (PostgreSQL docs, appendix A): 08 connection, 28 authorization, 3D no such database,
 * 53 resources, 57 operator intervention (shutdown), 58 system, 40 serialization/deadlock: the database
 * or its availability, not the data. 22 data exception, 23 constraints, 42 syntax: the write itself.
 */
function isRetryableSqlState(code: string): boolean {
  const cls = code.slice(0, 2);
  return ['08', '28', '3D', '53', '57', '58', '40', 'XX'].includes(cls) || code === '55P03' || code === '55006';
}

function text(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
