import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { completeTokens, MUTATING_REQUESTS, presentedToken, requestTarget, requiresTokens, roleFor } from './access';

function request(url: string, headers: Record<string, string> = {}): IncomingMessage {
  return { url, headers } as unknown as IncomingMessage;
}

describe('access', () => {
  it('requires tokens for every host but the default loopback names', () => {
    expect(requiresTokens('127.0.0.1')).toBe(false);
    expect(requiresTokens('::1')).toBe(false);
    expect(requiresTokens('LOCALHOST')).toBe(false);
    expect(requiresTokens('127.0.0.2')).toBe(true);
    expect(requiresTokens('0.0.0.0')).toBe(true);
    expect(requiresTokens('::')).toBe(true);
  });

  it('generates distinct strong tokens and keeps given ones', () => {
    const tokens = completeTokens({ viewer: 'wall-display' });
    expect(tokens.viewer).toBe('wall-display');
    expect(tokens.operator).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(completeTokens({}).operator).not.toBe(tokens.operator);
  });

  it('reads the token from the header, the query or the cookie', () => {
    expect(presentedToken(request('/ws', { authorization: 'Bearer abc' }))).toBe('abc');
    expect(presentedToken(request('/ws?token=q%2B1'))).toBe('q+1');
    expect(presentedToken(request('/', { cookie: 'x=1; sw_token=c%3D2' }))).toBe('c=2');
    expect(presentedToken(request('/'))).toBeNull();
  });

  it('never throws on a target or cookie anyone can send', () => {
    expect(requestTarget('//')).toBeNull();
    expect(requestTarget('//evil.example/ws')).toBeNull();
    expect(requestTarget('http://evil.example/ws')).toBeNull();
    expect(requestTarget(undefined)).toBeNull();
    expect(requestTarget('/ws?token=a')?.searchParams.get('token')).toBe('a');
    expect(presentedToken(request('//', { cookie: 'sw_token=%E0%A4%A' }))).toBeNull();
    expect(presentedToken(request('//?token=x'))).toBeNull();
  });

  it('grants roles by token and nothing for a wrong one', () => {
    const tokens = { viewer: 'v-token', operator: 'o-token' };
    expect(roleFor(tokens, 'o-token')).toBe('operator');
    expect(roleFor(tokens, 'v-token')).toBe('viewer');
    expect(roleFor(tokens, 'v-token ')).toBeNull();
    expect(roleFor(tokens, null)).toBeNull();
    expect(roleFor(null, null)).toBe('operator');
  });

  it('lists exactly the state-changing requests', () => {
    // connection:test, decode:preview and notify:test are operator-only: they may use stored secrets and reach hosts and files the caller names.
    expect([...MUTATING_REQUESTS].sort()).toEqual(['alarms:ack', 'alarms:outOfService', 'alarms:shelve', 'alarms:unshelve', 'connection:test', 'decode:preview', 'incident:delete', 'incident:save', 'notice:edit', 'notice:issue', 'notice:update', 'notice:withdraw', 'notify:test', 'quality:invalidate', 'quality:revoke', 'rules:save', 'settings:save', 'shift:confirm', 'shift:handover', 'shiftlog:add', 'shiftlog:clearCarryOver', 'stations:import']);
  });
});
