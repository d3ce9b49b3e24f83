import { describe, expect, it } from 'vitest';
import { allowedHosts, isAllowedHost, isSameOrigin } from './request-origin';

describe('request origin', () => {
  it('allows the loopback names and the bind address on the port, and public names bare or with the port', () => {
    const hosts = allowedHosts('127.0.0.1', 8080, ['Stations.example', 'proxy.example:8443']);
    for (const host of ['127.0.0.1:8080', 'localhost:8080', '[::1]:8080', 'LOCALHOST:8080', 'stations.example', 'stations.example:8080', 'proxy.example:8443']) expect(isAllowedHost(hosts, host), host).toBe(true);
    for (const host of ['127.0.0.1:8081', 'localhost', 'evil.example:8080', 'proxy.example', undefined]) expect(isAllowedHost(hosts, host), String(host)).toBe(false);
    expect(isAllowedHost(allowedHosts('::1', 9000, []), '[::1]:9000')).toBe(true);
  });

  it('leaves the Host to the tokens on a wildcard bind without public names', () => {
    expect(allowedHosts('0.0.0.0', 8080, [])).toBeNull();
    expect(isAllowedHost(null, 'anything.example:8080')).toBe(true);
    expect(isAllowedHost(allowedHosts('::', 8080, ['wall.example']), 'other.example:8080')).toBe(false);
  });

  it('accepts no Origin or the origin the request was sent to, whatever the scheme', () => {
    expect(isSameOrigin(undefined, '127.0.0.1:8080')).toBe(true);
    expect(isSameOrigin('http://127.0.0.1:8080', '127.0.0.1:8080')).toBe(true);
    expect(isSameOrigin('https://stations.example', 'stations.example')).toBe(true);
    expect(isSameOrigin('http://localhost', 'localhost:80')).toBe(true);
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:8081', 'file:///tmp/page.html', 'not a url']) expect(isSameOrigin(origin, '127.0.0.1:8080'), origin).toBe(false);
    expect(isSameOrigin('http://127.0.0.1:8080', undefined)).toBe(false);
  });
});
