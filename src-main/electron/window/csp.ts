/** Setting our CSP on responses that pass Electron's webRequest (the Vite dev server in development). */

/** Response headers with our CSP set, replacing any CSP the response carried (header names vary in case). */
export function withCsp(headers: Readonly<Record<string, string[] | string>> | undefined, csp: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'content-security-policy') continue;
    out[name] = Array.isArray(value) ? value : [value];
  }
  out['Content-Security-Policy'] = [csp];
  return out;
}
