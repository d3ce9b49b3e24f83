/**
 * "host:port" as settings name a server: a host name, an IPv4 address or a bracketed IPv6 address, and a
 * port from 1 to 65535. The one parser behind Kafka broker entries and PostgreSQL URLs, so the settings
 * schema, the dialog and the engine's connection test agree on what an address is. Written out here
 * rather than with URL or node:net, which src-shared's environment-free lib does not have.
 */

/** What kind of host an entry names. */
export type HostKind = 'name' | 'ipv4' | 'ipv6';

/** A parsed address: the host as a resolver or socket takes it (IPv6 without brackets). */
export interface HostPort {
  readonly host: string;
  readonly kind: HostKind;
  /** Null when the entry has none and none is required. */
  readonly port: number | null;
}

/** A value, or the plain-language reason there is none. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const LABEL = /^[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$/;
const MAX_NAME_LENGTH = 253;

/** The kind of `host` (an IPv6 address without its brackets), or why it is no host. */
function hostKind(host: string): Parsed<HostKind> {
  if (host === '') return { ok: false, message: 'The host name is missing' };
  if (host.includes(':')) return isIpv6(host) ? { ok: true, value: 'ipv6' } : { ok: false, message: `“${host}” is not an IPv6 address` };
  if (/^[0-9.]+$/.test(host)) return isIpv4(host) ? { ok: true, value: 'ipv4' } : { ok: false, message: `“${host}” is not an IPv4 address (four numbers from 0 to 255, e.g. 127.0.0.1)` };
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length <= MAX_NAME_LENGTH && name.split('.').every((label) => LABEL.test(label))) return { ok: true, value: 'name' };
  return { ok: false, message: `“${host}” is not a host name: use letters, digits, hyphens and dots (e.g. kafka-1.city.local)` };
}

/**
 * Parse "host:port", "[ipv6]:port", or either without ":port" when `portRequired` is false. `examplePort`
 * completes the message for a missing port ("Add the port, e.g. kafka01:9092").
 */
export function parseHostPort(text: string, portRequired: boolean, examplePort: number): Parsed<HostPort> {
  let host: string;
  let portText: string | null;
  if (text.startsWith('[')) {
    const close = text.indexOf(']');
    if (close < 0) return { ok: false, message: `“${text}” opens “[” for an IPv6 address but never closes it` };
    host = text.slice(1, close);
    const rest = text.slice(close + 1);
    if (rest !== '' && !rest.startsWith(':')) return { ok: false, message: `Only “:port” may follow “[${host}]”` };
    portText = rest === '' ? null : rest.slice(1);
    if (!isIpv6(host)) return { ok: false, message: `“${host}” is not an IPv6 address` };
  } else {
    const colons = text.split(':').length - 1;
    if (colons > 1) return { ok: false, message: `Put an IPv6 address in brackets, e.g. [::1]:${examplePort}` };
    const colon = text.indexOf(':');
    host = colon < 0 ? text : text.slice(0, colon);
    portText = colon < 0 ? null : text.slice(colon + 1);
  }
  const kind = hostKind(host);
  if (!kind.ok) return kind;
  if (portText === null) {
    if (portRequired) return { ok: false, message: `Add the port, e.g. ${text}:${examplePort}` };
    return { ok: true, value: { host, kind: kind.value, port: null } };
  }
  const port = parsePort(portText);
  if (!port.ok) return port;
  return { ok: true, value: { host, kind: kind.value, port: port.value } };
}

/** A decimal port from 1 to 65535. */
function parsePort(text: string): Parsed<number> {
  if (text === '') return { ok: false, message: 'The port is missing after “:”' };
  if (!/^\d+$/.test(text)) return { ok: false, message: `The port must be a number from 1 to 65535, not “${text}”` };
  const port = Number(text);
  if (port < 1 || port > 65_535) return { ok: false, message: `The port must be a number from 1 to 65535, not ${text}` };
  return { ok: true, value: port };
}

/** Four decimal numbers 0–255 without leading zeros (which some resolvers read as octal). */
function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/** RFC 4291 text form: eight groups of 1–4 hex digits, one "::" for a run of zero groups, an IPv4 tail allowed. */
function isIpv6(text: string): boolean {
  let s = text;
  if (s.includes('.')) {
    const lastColon = s.lastIndexOf(':');
    if (!isIpv4(s.slice(lastColon + 1))) return false;
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0] as string);
  const tail = halves.length === 2 ? groups(halves[1] as string) : [];
  if (![...head, ...tail].every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return false;
  const count = head.length + tail.length;
  return halves.length === 2 ? count <= 7 : count === 8;
}
