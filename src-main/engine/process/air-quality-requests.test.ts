/**
 * The engine's air-quality requests against a scripted air history: a compliance read that is building days
 * and a revoke (or a new mark) do not interleave — otherwise the read raised the revoke's lowered built mark
 * over days built with the mark still in force, and those days never counted the period again.
 */
import { describe, expect, it } from 'vitest';
import type { EngineContext } from './engine-context';
import type { AirHistory, AirHistoryAnswers, AirHistoryRequest, StoredInvalidation } from '../../core/air-quality/air-history-port';
import { defaultSettings } from '../../../src-shared/settings/schema';
import { airCompliance, invalidate, revokeInvalidation } from './air-quality-requests';

const NOW = Date.UTC(2026, 5, 15, 12);
const MARK: StoredInvalidation = { id: 'mark-1', stationId: 'st-1', metric: 'pm10', fromMs: Date.UTC(2026, 5, 1), toMs: Date.UTC(2026, 5, 2), reason: 'fault', by: 'Ana', at: Date.UTC(2026, 5, 3), revokedAt: null, revokedBy: null };

/** An air history whose first day build waits for `release`; `log` has each op as it starts and the build's end. */
function scriptedHistory(): { history: AirHistory; log: string[]; release: () => void } {
  const log: string[] = [];
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let isFirstBuild = true;
  const answers: Omit<AirHistoryAnswers, 'write-days'> = {
    horizon: NOW,
    hours: { stationId: [], metric: [], startMs: [], value: [], coverage: [] },
    built: { marks: [], changes: {} },
    year: { totals: [], candidates: [] },
    invalidate: null,
    invalidations: [],
    invalidation: MARK,
    revoke: true,
    flags: [],
  };
  const history = (async (request: AirHistoryRequest) => {
    log.push(request.op);
    if (request.op !== 'write-days') return answers[request.op];
    if (isFirstBuild) {
      isFirstBuild = false;
      await held;
      log.push('write-days done');
    }
    return true;
  }) as AirHistory;
  return { history, log, release };
}

function contextWith(history: AirHistory): EngineContext {
  return {
    options: { settings: defaultSettings() },
    store: { airHistory: history, writeAlarms: async () => undefined },
    pipeline: { setAirInvalidations: () => undefined, airCompliance: () => { throw new Error('the live counters are not asked here'); } },
    now: () => NOW,
  } as unknown as EngineContext;
}

describe('air-quality requests on one store', () => {
  it('revokes a mark only after a compliance read in progress has written its days', async () => {
    const { history, log, release } = scriptedHistory();
    const context = contextWith(history);
    const reading = airCompliance(context, 2026);
    await expect.poll(() => log.includes('write-days')).toBe(true);
    const revoking = revokeInvalidation(context, { id: 'mark-1', reason: ' checked ' }, 'Bram');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).not.toContain('revoke');
    release();
    expect((await reading).rows).toEqual([]);
    expect(await revoking).toMatchObject({ id: 'mark-1', stationId: 'st-1', revokedBy: 'Bram', revokedAt: NOW, revokeReason: 'checked' });
    const revokeAt = log.indexOf('invalidation');
    expect(revokeAt).toBeGreaterThan(log.lastIndexOf('write-days done'));
    expect(log.slice(revokeAt, revokeAt + 2)).toEqual(['invalidation', 'revoke']);
  });

  it('stores a new mark only after a compliance read in progress has written its days', async () => {
    const { history, log, release } = scriptedHistory();
    const context = contextWith(history);
    const reading = airCompliance(context, 2026);
    await expect.poll(() => log.includes('write-days')).toBe(true);
    const marking = invalidate(context, { stationId: 'st-1', metric: 'pm10', from: MARK.fromMs, to: MARK.toMs, reason: 'fault' }, 'Ana');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(log).not.toContain('invalidate');
    release();
    await reading;
    await marking;
    expect(log.indexOf('invalidate')).toBeGreaterThan(log.lastIndexOf('write-days done'));
  });

  it('refuses to revoke a mark that was revoked already, naming who did', async () => {
    const { history } = scriptedHistory();
    const revoked = (async (request: AirHistoryRequest) => (request.op === 'invalidation' ? { ...MARK, revokedAt: NOW - 1, revokedBy: 'Cas' } : history(request))) as AirHistory;
    await expect(revokeInvalidation(contextWith(revoked), { id: 'mark-1', reason: 'again' }, 'Bram')).rejects.toThrow('This invalid mark was already revoked by Cas.');
  });
});
