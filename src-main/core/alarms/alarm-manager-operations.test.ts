import { describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../../src-shared/domain/alarms';
import type { Condition } from '../rules/condition';
import { AlarmManager } from './alarm-manager';

const ID = 'temp-high@st-01';

function condition(isActive: boolean, at: number, value: number | null, overrides: Partial<Condition> = {}): Condition {
  return {
    ruleId: 'temp-high', stationId: 'st-01', metric: 'temperature', isActive, value, threshold: 30,
    severity: 'warning', message: isActive ? 'hot' : 'back to normal', at, direction: 'high', ...overrides,
  };
}

function trail(manager: AlarmManager): string[] {
  return manager.drainChanges().map(({ event }) => `${event.type}:${event.fromState}→${event.toState}:${event.who}`);
}

describe('AlarmManager shelving', () => {
  it('lists a shelved alarm with includeShelved whatever its state, back to normal included (the console reloads its shelf from it)', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    manager.shelve(ID, 'alice', 'sensor being cleaned', 600_000, 10_000);
    manager.applyCondition(condition(false, 20_000, 27));
    manager.acknowledge(ID, 'alice', 'seen', 30_000);
    expect(manager.get(ID)).toMatchObject({ state: 'normal', shelf: { until: 600_000 } });
    expect(manager.list({ includeShelved: true }).map((a) => a.id)).toEqual([ID]);
    expect(manager.list()).toEqual([]);
  });

  it('hides a shelved alarm, keeps tracking its condition, and unshelves on tick at expiry', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    const shelved = manager.shelve(ID, 'alice', 'sensor being cleaned', 600_000, 10_000);
    expect(shelved.shelf).toEqual({ by: 'alice', reason: 'sensor being cleaned', until: 600_000 });
    expect(manager.list()).toEqual([]);
    expect(manager.list({ includeShelved: true }).map((a) => a.id)).toEqual([ID]);
    expect(manager.listShelved().map((a) => a.id)).toEqual([ID]);
    manager.applyCondition(condition(false, 20_000, 27)); // tracked while shelved
    expect(manager.get(ID)).toMatchObject({ state: 'returned-unacknowledged', shelf: { until: 600_000 } });
    manager.tick(599_999);
    expect(manager.get(ID)?.shelf).not.toBeNull();
    manager.tick(600_000);
    expect(manager.get(ID)).toMatchObject({ shelf: null, state: 'returned-unacknowledged' });
    expect(manager.list().map((a) => a.id)).toEqual([ID]);
    const events = manager.drainChanges().map((c) => c.event);
    expect(events.map((e) => e.type)).toEqual(['activated', 'shelved', 'returned', 'unshelved']);
    expect(events[1]).toMatchObject({ who: 'alice', comment: 'sensor being cleaned', at: 10_000, fromState: 'unacknowledged', toState: 'unacknowledged' });
    expect(events[3]).toMatchObject({ who: SYSTEM_ACTOR, comment: 'shelf expired', at: 600_000 });
  });

  it('an operator can unshelve early; the alarm reappears in the state its condition gave it', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    manager.acknowledge(ID, 'alice', null, 2000);
    manager.shelve(ID, 'alice', 'known issue', 100_000, 3000);
    manager.applyCondition(condition(false, 4000, 27));
    manager.applyCondition(condition(true, 5000, 32)); // re-activates while shelved: a new activation, not shown yet
    expect(manager.list()).toEqual([]);
    const back = manager.unshelve(ID, 'bob', 'fixed', 6000);
    expect(back).toMatchObject({ state: 'unacknowledged', isActive: true, activationCount: 2, shelf: null });
    expect(trail(manager).slice(-2)).toEqual(['activated:normal→unacknowledged:system', 'unshelved:unacknowledged→unacknowledged:bob']);
    expect(() => manager.unshelve(ID, 'bob', null, 7000)).toThrow(/not shelved/);
  });

  it('refuses a shelf without reason, with an expiry in the past, or for an unknown alarm', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    expect(() => manager.shelve(ID, 'alice', '  ', 10_000, 5000)).toThrow(/reason/);
    expect(() => manager.shelve(ID, 'alice', 'why', 5000, 5000)).toThrow(/not after now/);
    expect(() => manager.shelve('x@y', 'alice', 'why', 10_000, 5000)).toThrow(/Unknown alarm/);
  });

  it('answers with the contract codes a client can act on: not-found for an unknown alarm, invalid-arguments for a refused action', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    const codeOf = (action: () => unknown): unknown => {
      try {
        action();
      } catch (error) {
        return (error as { code?: unknown }).code;
      }
      return 'no error';
    };
    expect(codeOf(() => manager.acknowledge('x@y', 'alice', null, 2000))).toBe('not-found');
    expect(codeOf(() => manager.unshelve(ID, 'bob', null, 2000))).toBe('invalid-arguments');
    expect(codeOf(() => manager.shelve(ID, 'alice', ' ', 10_000, 2000))).toBe('invalid-arguments');
    manager.acknowledge(ID, 'alice', null, 2000);
    expect(codeOf(() => manager.acknowledge(ID, 'alice', null, 3000))).toBe('invalid-arguments');
  });
});

describe('AlarmManager out of service', () => {
  it('a station out of service returns its alarms to normal, raises nothing, and comes back clean', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    manager.applyCondition(condition(true, 1000, null, { ruleId: 'stale', metric: null }));
    manager.applyCondition(condition(true, 1000, 31, { stationId: 'st-02' }));
    manager.drainChanges();
    manager.setOutOfService('st-01', null, true, 'carol', 'maintenance', 5000);
    expect(manager.isOutOfService('st-01', null)).toBe(true);
    expect(manager.isOutOfService('st-01', 'humidity')).toBe(true);
    expect(manager.get(ID)).toMatchObject({ state: 'normal', isActive: false, clearedAt: 5000 });
    expect(manager.list().map((a) => a.stationId)).toEqual(['st-02']);
    const events = manager.drainChanges().map((c) => c.event);
    expect(events.map((e) => `${e.alarmId}:${e.type}:${e.fromState}→${e.toState}`).sort()).toEqual([
      'stale@st-01:out-of-service:unacknowledged→normal',
      'temp-high@st-01:out-of-service:unacknowledged→normal',
    ]);
    expect(events[0]).toMatchObject({ who: 'carol', comment: 'maintenance', at: 5000 });
    manager.applyCondition(condition(false, 6000, 20));
    manager.applyCondition(condition(true, 7000, 40));
    expect(manager.get(ID)?.state).toBe('normal');
    expect(manager.drainChanges()).toEqual([]);
    manager.setOutOfService('st-01', null, true, 'carol', 'again', 7500); // repeat: no-op
    expect(manager.drainChanges()).toEqual([]);
    manager.setOutOfService('st-01', null, false, 'carol', 'done', 8000);
    expect(manager.isOutOfService('st-01', null)).toBe(false);
    expect(trail(manager)).toEqual(['in-service:normal→normal:carol', 'in-service:normal→normal:carol']);
    manager.applyCondition(condition(true, 9000, 31));
    expect(manager.get(ID)).toMatchObject({ state: 'unacknowledged', activationCount: 2 });
  });

  it('a single sensor out of service silences that metric only', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    manager.applyCondition(condition(true, 1000, 99, { ruleId: 'hum-high', metric: 'humidity' }));
    manager.drainChanges();
    manager.setOutOfService('st-01', 'humidity', true, 'carol', null, 2000);
    expect(manager.isOutOfService('st-01', 'humidity')).toBe(true);
    expect(manager.isOutOfService('st-01', 'temperature')).toBe(false);
    expect(manager.isOutOfService('st-01', null)).toBe(false);
    expect(trail(manager)).toEqual(['out-of-service:unacknowledged→normal:carol']);
    expect(manager.list().map((a) => a.id)).toEqual([ID]);
    manager.applyCondition(condition(true, 3000, 99, { ruleId: 'hum-high-2', metric: 'humidity' }));
    manager.applyCondition(condition(false, 3000, 20));
    expect(manager.get('hum-high-2@st-01')).toBeUndefined();
    expect(manager.get(ID)?.state).toBe('returned-unacknowledged');
    expect(manager.listOutOfService()).toEqual([{ stationId: 'st-01', metric: 'humidity' }]);
  });
});

describe('AlarmManager restore', () => {
  it('round-trips alarms and out-of-service entries through restore()', () => {
    const first = new AlarmManager();
    first.applyCondition(condition(true, 1000, 31));
    first.applyCondition(condition(false, 2000, 27, { stationId: 'st-02' }));
    first.applyCondition(condition(true, 1000, 35, { stationId: 'st-02' }));
    first.acknowledge('temp-high@st-02', 'alice', null, 1500);
    first.shelve(ID, 'alice', 'later', 50_000, 2000);
    first.setOutOfService('st-09', 'noise_level', true, 'carol', null, 2500);
    const saved = first.list({ includeNormal: true });

    const second = new AlarmManager();
    second.restore(saved, first.listOutOfService());
    expect(second.list({ includeNormal: true })).toEqual(saved);
    expect(second.drainChanges()).toEqual([]);
    expect(second.isOutOfService('st-09', 'noise_level')).toBe(true);
    // The restored state keeps working: the acknowledged alarm clears to normal, the shelf expires.
    second.applyCondition(condition(false, 3000, 27, { stationId: 'st-02' }));
    second.tick(50_000);
    expect(trail(second)).toEqual(['cleared:acknowledged→normal:system', 'unshelved:unacknowledged→unacknowledged:system']);
  });

  it('keeps what this run raised before the stored state could be read, and adds the rest', () => {
    const stored = new AlarmManager();
    stored.applyCondition(condition(true, 1000, 31));
    stored.acknowledge(ID, 'alice', null, 1500);
    stored.applyCondition(condition(true, 1000, 35, { stationId: 'st-02' }));
    const saved = stored.list({ includeNormal: true });

    const restarted = new AlarmManager();
    restarted.applyCondition(condition(true, 9000, 36, { stationId: 'st-02' }));
    const raisedNow = restarted.get('temp-high@st-02');
    restarted.drainChanges();
    restarted.restore(saved, [{ stationId: 'st-07', metric: null }]);
    expect(restarted.get(ID)?.state).toBe('acknowledged');
    expect(restarted.get('temp-high@st-02')).toEqual(raisedNow);
    expect(restarted.isOutOfService('st-07', 'humidity')).toBe(true);
    expect(restarted.drainChanges()).toEqual([]);
  });
});
