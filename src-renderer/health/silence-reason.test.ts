import { describe, expect, it } from 'vitest';
import type { PipelineStatus } from '../../src-shared/ipc/status';
import { makeAlarm } from '../alarms/test-alarm';
import { whySilent } from './silence-reason';

const status: PipelineStatus = {
  at: 0,
  profileId: 'default',
  source: { kind: 'kafka', state: 'connected', detail: null },
  store: { kind: 'pglite', state: 'ok', queueDepth: 0, queueCapacity: 100, detail: null },
  readingsPerSec: 12,
  counters: { readings: 10, rejected: {}, late: 0, duplicates: 0, outliers: 0, windowsClosed: 0 },
  openWindows: 0,
  watermark: null,
  lag: [],
  engineRestarts: 0,
};

describe('whySilent', () => {
  it('says a fresh station reports normally', () => {
    const answer = whySilent('st-01', { lastTs: 0, lastSeenAt: 9_000, values: new Map() }, status, [], [], 60_000, 10_000);
    expect(answer).toEqual({ isSilent: false, reasons: ['The station is reporting normally.'] });
  });

  it('names the stale age, the stale alarm and a down source', () => {
    const down = { ...status, source: { kind: 'kafka' as const, state: 'disconnected' as const, detail: 'broker unreachable' } };
    const stale = makeAlarm({ id: 'station-stale@st-01', metric: null, message: 'Station silent for 60 s' });
    const answer = whySilent('st-01', { lastTs: 0, lastSeenAt: 0, values: new Map() }, down, [stale, makeAlarm({ id: 'x@st-02', metric: null })], [], 60_000, 90_000);
    expect(answer.isSilent).toBe(true);
    expect(answer.reasons[0]).toContain('kafka) is disconnected: broker unreachable');
    expect(answer.reasons[1]).toContain('90 s ago');
    expect(answer.reasons[2]).toBe('Open alarm: Station silent for 60 s');
    expect(answer.reasons).toHaveLength(3);
  });

  it('mentions never-seen stations, out of service and rejected messages', () => {
    const answer = whySilent('st-09', undefined, { ...status, counters: { ...status.counters, rejected: { 'bad-json': 3 } } }, [], [null], 60_000, 0);
    expect(answer.isSilent).toBe(true);
    expect(answer.reasons.join(' ')).toMatch(/3 messages were rejected.*out of service.*No reading/);
  });

  it('names single metrics that are out of service', () => {
    const answer = whySilent('st-04', { lastTs: 0, lastSeenAt: 9_000, values: new Map() }, status, [], ['noise_level'], 60_000, 10_000);
    expect(answer.reasons).toEqual(['Out of service: noise_level — alarms on that metric are suppressed.']);
  });
});
