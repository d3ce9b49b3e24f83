import { describe, expect, it } from 'vitest';
import { completeTokens, callerFor } from './access';
import { answerFor, contentTypeProblem, ingestRouteOf, pushAccess } from './ingest-route';

describe('push routes', () => {
  it('names exactly the two push paths', () => {
    expect(ingestRouteOf('/ingest')).toBe('ingest');
    expect(ingestRouteOf('/ingest/sensor-logger')).toBe('sensor-logger');
    for (const path of ['/ingest/', '/ingestx', '/ingest/other', '/', '/ws']) expect(ingestRouteOf(path)).toBeNull();
  });

  it('takes JSON, plain text and CSV bodies, with or without parameters', () => {
    for (const type of ['application/json', 'application/json; charset=utf-8', 'Text/Plain', 'text/csv;charset=UTF-8']) expect(contentTypeProblem(type)).toBeNull();
    expect(contentTypeProblem(undefined)).toContain('A Content-Type is required');
    expect(contentTypeProblem('application/x-www-form-urlencoded')).toBe('Unsupported Content-Type: send application/json, text/plain or text/csv.');
    expect(contentTypeProblem('multipart/form-data; boundary=x')).toContain('send application/json, text/plain or text/csv');
  });
});

describe('who may push', () => {
  const tokens = completeTokens({ viewer: 'v', operator: 'o', named: [{ name: 'Ana', token: 'ana' }], ingest: 'i' });

  it('only the ingest token pushes; the other tokens are refused with 403, unknown ones with 401', () => {
    expect(pushAccess(tokens, 'i')).toBe('ok');
    expect(pushAccess(tokens, 'v')).toBe(403);
    expect(pushAccess(tokens, 'o')).toBe(403);
    expect(pushAccess(tokens, 'ana')).toBe(403);
    expect(pushAccess(tokens, 'wrong')).toBe(401);
    expect(pushAccess(tokens, null)).toBe(401);
  });

  it('the ingest token opens nothing else (no page, no WebSocket)', () => {
    expect(callerFor(tokens, 'i')).toBeNull();
  });

  it('a server with tokens always has an ingest token, generated when not given', () => {
    const generated = completeTokens({ viewer: 'v' });
    expect(generated.ingest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generated.ingest).not.toBe(completeTokens({ viewer: 'v' }).ingest);
  });

  it('without tokens (a loopback bind) anyone on the machine may push', () => {
    expect(pushAccess(null, null)).toBe('ok');
  });
});

describe('answers', () => {
  it('200 only when every reading was taken; 422 with reason and detail otherwise; 503 when nothing was taken', () => {
    expect(answerFor({ status: 'accepted', readings: 3, duplicates: 1, rejected: [] })).toEqual({ status: 200, json: { accepted: 3, duplicates: 1 } });
    expect(answerFor({ status: 'accepted', readings: 1, duplicates: 0, rejected: [{ reason: 'future-time', detail: 'd' }] })).toMatchObject({ status: 422, json: { error: 'some readings were refused', accepted: 1, rejected: [{ reason: 'future-time', detail: 'd' }] } });
    expect(answerFor({ status: 'accepted', readings: 0, duplicates: 0, rejected: [{ reason: 'future-time', detail: 'd' }] })).toMatchObject({ status: 422, json: { error: 'every reading was refused', accepted: 0 } });
    expect(answerFor({ status: 'refused', reason: 'not-json', detail: 'line 1' })).toMatchObject({ status: 422, json: { reason: 'not-json', detail: 'line 1' } });
    expect(answerFor({ status: 'unavailable', detail: 'the engine is restarting' })).toEqual({ status: 503, text: 'Not taken: the engine is restarting. Send it again later.' });
  });
});
