import { describe, expect, it } from 'vitest';
import type { DeliveryIntent } from '../../core/escalation/escalation-planner';
import type { Alarm } from '../../../src-shared/domain/alarms';
import { SETTLED_STATE_KEY, StateDeliveryLog } from './state-delivery-log';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 6, 1);

function fakeStore() {
  const state = new Map<string, string>();
  return { state, getState: async (key: string) => state.get(key) ?? null, setState: async (key: string, value: string) => void state.set(key, value) };
}

function intent(key: string): DeliveryIntent {
  return { key, alarm: { id: 'a@s', activatedAt: T0 } as Alarm, policyId: 'p', policyName: 'P', step: 1, channelId: 'c', since: T0, dueAt: T0 };
}

describe('StateDeliveryLog', () => {
  it('hands settled keys to the next run (a restart), not the ones still sending', async () => {
    const store = fakeStore();
    const first = new StateDeliveryLog(store);
    await first.begin(intent('k1'), T0);
    await first.attempt('k1', { attempt: 1, at: T0, isOk: false, error: 'refused' });
    await first.attempt('k1', { attempt: 2, at: T0 + 1, isOk: true, error: null });
    await first.finish('k1', 'delivered', null, T0 + 1);
    await first.begin(intent('k2'), T0 + 2);
    expect(await first.recent(10)).toMatchObject([{ key: 'k2', status: 'sending' }, { key: 'k1', status: 'delivered', attempts: 2 }]);
    const second = new StateDeliveryLog(store);
    expect(await second.settledKeys(T0 - DAY)).toEqual(['k1']);
  });

  it('forgets keys settled more than 30 days before the latest one', async () => {
    const store = fakeStore();
    const log = new StateDeliveryLog(store);
    await log.finish('old', 'failed', 'refused', T0);
    await log.finish('new', 'delivered', null, T0 + 31 * DAY);
    expect(Object.keys(JSON.parse(store.state.get(SETTLED_STATE_KEY) ?? '{}'))).toEqual(['new']);
  });
});
