/**
 * Plain words for a failed delivery (socket, TLS, HTTP and SMTP errors), and whether another attempt
 * can help: a refused connection or a 503 may heal; a 400 or a refused login will not.
 */

/** A failed attempt described for the delivery log and the test button. */
export interface DeliveryFailure {
  readonly message: string;
  readonly isRetryable: boolean;
}

interface ErrorLike {
  readonly message?: unknown;
  readonly code?: unknown;
  readonly responseCode?: unknown;
  readonly response?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown;
  readonly name?: unknown;
}

const SOCKET_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'nothing accepts connections there (connection refused)',
  ECONNRESET: 'the connection was cut off (connection reset)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host cannot be reached',
  ENETUNREACH: 'the network cannot be reached',
  EPIPE: 'the connection was closed while sending',
  ENOTFOUND: 'the host name was not found (DNS)',
  EAI_AGAIN: 'the host name could not be looked up (DNS did not answer)',
  ECONNECTION: 'the connection failed',
  EDNS: 'the host name was not found (DNS)',
};

const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|EPROTO/;

/** An HTTP answer outside 2xx, in words: "the receiver answered 500 Internal Server Error". */
export function describeHttpStatus(status: number, statusText: string): DeliveryFailure {
  const words = statusText.trim() || HTTP_WORDS[status] || 'an error';
  const hint = status === 401 || status === 403 ? ' — check the webhook token' : status === 404 ? ' — check the address' : '';
  return { message: `the receiver answered ${status} ${words}${hint}`, isRetryable: status === 408 || status === 429 || status >= 500 };
}

const HTTP_WORDS: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 408: 'Request Timeout', 413: 'Payload Too Large',
  429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Gateway Timeout',
};

/** Describes an error thrown while sending to `target` ("host:port" or a URL's origin). */
export function describeDeliveryError(error: unknown, target: string, timeoutMs: number): DeliveryFailure {
  const e = asErrorLike(error);
  if (Array.isArray(e.errors) && e.errors.length > 0) return describeDeliveryError(e.errors[e.errors.length - 1], target, timeoutMs);
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' ? e.message : String(error);
  const code = socketCodeIn(message) ?? (typeof e.code === 'string' ? e.code : '');
  if (name === 'TimeoutError' || code === 'ETIMEDOUT' || /timed? ?out/i.test(message)) {
    return { message: `no answer from ${target} within ${formatSeconds(timeoutMs)}`, isRetryable: true };
  }
  if (code === 'EAUTH') return { message: `the mail server ${target} refused the user name or password (${firstLine(e.response ?? message)})`, isRetryable: false };
  if (code === 'EENVELOPE') return { message: `the mail server ${target} refused a sender or recipient address (${firstLine(e.response ?? message)})`, isRetryable: false };
  if (code === 'EMESSAGE' || (code === 'EPROTOCOL' && typeof e.responseCode === 'number')) {
    const responseCode = typeof e.responseCode === 'number' ? e.responseCode : 0;
    return { message: `the mail server ${target} refused the message (${firstLine(e.response ?? message)})`, isRetryable: responseCode >= 400 && responseCode < 500 };
  }
  if (/wrong version number|packet length too long|unknown protocol/i.test(message)) {
    return { message: `${target} does not speak TLS on that port (for mail, 465 is usually TLS and 587 STARTTLS; for a webhook check http:// against https://)`, isRetryable: false };
  }
  if (/STARTTLS/i.test(message) && !/certificate/i.test(message)) {
    return { message: `the mail server ${target} does not offer STARTTLS (${firstLine(e.response ?? message)})`, isRetryable: false };
  }
  if (code === 'ETLS' || TLS_CODES.test(code) || /certificate|ssl|tls/i.test(message)) {
    return { message: `a secure connection to ${target} could not be made: ${firstLine(message)}`, isRetryable: false };
  }
  if (code in SOCKET_WORDS) return { message: `${SOCKET_WORDS[code]} at ${target}`, isRetryable: true };
  if (e.cause !== undefined && e.cause !== error) return describeDeliveryError(e.cause, target, timeoutMs);
  return { message: `sending to ${target} failed: ${firstLine(message)}`, isRetryable: true };
}

/** nodemailer wraps socket errors (code ESOCKET / ECONNECTION) and keeps the socket's code only in the message. */
function socketCodeIn(message: string): string | null {
  const match = /\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|ENOTFOUND|EAI_AGAIN)\b/.exec(message);
  return match?.[1] ?? null;
}

function asErrorLike(error: unknown): ErrorLike {
  return typeof error === 'object' && error !== null ? (error as ErrorLike) : { message: String(error) };
}

function firstLine(value: unknown): string {
  return String(value).split('\n')[0]?.trim() ?? '';
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
