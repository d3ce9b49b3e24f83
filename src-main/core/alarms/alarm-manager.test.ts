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

/** "type:from→to" for each drained change, the shape of the audit trail. */
function trail(manager: AlarmManager): string[] {
  return manager.drainChanges().map(({ event }) => `${event.type}:${event.fromState}→${event.toState}`);
}

describe('AlarmManager ISA-18.2 lifecycle', () => {
  it('normal → unacknowledged → acknowledged → normal (ack while active, then clear)', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    expect(manager.get(ID)).toMatchObject({ state: 'unacknowledged', isActive: true, activatedAt: 1000, activationCount: 1, kind: 'process', metric: 'temperature' });
    const acked = manager.acknowledge(ID, 'alice', 'looking into it', 5000);
    expect(acked).toMatchObject({ state: 'acknowledged', isActive: true, acknowledgedBy: 'alice', acknowledgedAt: 5000 });
    manager.applyCondition(condition(false, 9000, 27));
    expect(manager.get(ID)).toMatchObject({ state: 'normal', isActive: false, clearedAt: 9000 });
    const changes = manager.drainChanges();
    expect(changes.map((c) => c.event)).toEqual([
      { alarmId: ID, type: 'activated', at: 1000, who: SYSTEM_ACTOR, comment: null, fromState: 'normal', toState: 'unacknowledged', value: 31 },
      { alarmId: ID, type: 'acknowledged', at: 5000, who: 'alice', comment: 'looking into it', fromState: 'unacknowledged', toState: 'acknowledged', value: 31 },
      { alarmId: ID, type: 'cleared', at: 9000, who: SYSTEM_ACTOR, comment: null, fromState: 'acknowledged', toState: 'normal', value: 27 },
    ]);
    expect(changes[1]?.alarm.state).toBe('acknowledged');
  });

  it('unacknowledged → returned-unacknowledged on clear, stays listed, then normal on acknowledge', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    manager.applyCondition(condition(false, 2000, 27));
    expect(manager.get(ID)).toMatchObject({ state: 'returned-unacknowledged', isActive: false });
    expect(manager.list().map((a) => a.id)).toEqual([ID]);
    manager.acknowledge(ID, 'bob', null, 3000);
    expect(manager.get(ID)?.state).toBe('normal');
    expect(manager.list()).toEqual([]);
    expect(manager.list({ includeNormal: true }).map((a) => a.id)).toEqual([ID]);
    expect(trail(manager)).toEqual(['activated:normal→unacknowledged', 'returned:unacknowledged→returned-unacknowledged', 'acknowledged:returned-unacknowledged→normal']);
  });

  it('returned-unacknowledged + re-activation → unacknowledged again, one more activation, peak kept', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 35));
    manager.applyCondition(condition(false, 2000, 27));
    manager.applyCondition(condition(true, 100_000, 31));
    expect(manager.get(ID)).toMatchObject({ state: 'unacknowledged', activationCount: 2, activatedAt: 100_000, peakValue: 35, value: 31, clearedAt: null });
    expect(trail(manager)).toEqual(['activated:normal→unacknowledged', 'returned:unacknowledged→returned-unacknowledged', 'activated:returned-unacknowledged→unacknowledged']);
  });

  it('acknowledged + clear + re-activation is a new activation with a fresh peak', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 35));
    manager.acknowledge(ID, 'alice', null, 1500);
    manager.applyCondition(condition(false, 2000, 27));
    manager.applyCondition(condition(true, 200_000, 31));
    expect(manager.get(ID)).toMatchObject({ state: 'unacknowledged', activationCount: 2, peakValue: 31, acknowledgedBy: null, acknowledgedAt: null });
    expect(trail(manager).at(-1)).toBe('activated:normal→unacknowledged');
  });

  it('an acknowledged alarm never comes back as new while its condition keeps holding; repeats fold in with the peak', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31));
    manager.acknowledge(ID, 'alice', null, 1500);
    manager.drainChanges();
    manager.applyCondition(condition(true, 2000, 36));
    manager.applyCondition(condition(true, 3000, 33));
    expect(manager.drainChanges()).toEqual([]);
    expect(manager.get(ID)).toMatchObject({ state: 'acknowledged', activationCount: 1, value: 33, peakValue: 36 });
    expect(manager.drainUpdated().map((a) => a.value)).toEqual([33]);
    expect(manager.drainUpdated()).toEqual([]);
  });

  it('keeps the minimum as the peak of a low-side alarm', () => {
    const manager = new AlarmManager();
    const low = { ruleId: 'cold', direction: 'low' as const };
    manager.applyCondition(condition(true, 1000, -1, low));
    manager.applyCondition(condition(true, 2000, -4, low));
    manager.applyCondition(condition(true, 3000, -2, low));
    expect(manager.get('cold@st-01')).toMatchObject({ peakValue: -4, value: -2 });
  });

  it('ignores clears of unknown or normal alarms and throws clearly on bad acknowledgements', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(false, 1000, 20));
    expect(manager.list({ includeNormal: true })).toEqual([]);
    expect(() => manager.acknowledge('nope@st-01', 'alice', null, 1)).toThrow(/Unknown alarm: nope@st-01/);
    manager.applyCondition(condition(true, 1000, 31));
    manager.acknowledge(ID, 'alice', null, 2000);
    expect(() => manager.acknowledge(ID, 'alice', null, 3000)).toThrow(/nothing to acknowledge.*acknowledged/);
    manager.applyCondition(condition(false, 4000, 20));
    manager.applyCondition(condition(false, 5000, 20));
    expect(trail(manager)).toEqual(['activated:normal→unacknowledged', 'acknowledged:unacknowledged→acknowledged', 'cleared:acknowledged→normal']);
  });

  it('flags chattering once at 3 activations within 60 s of event time', () => {
    const manager = new AlarmManager();
    for (const at of [0, 20_000, 40_000, 50_000]) {
      manager.applyCondition(condition(true, at, 31));
      manager.applyCondition(condition(false, at + 5000, 27));
    }
    const events = manager.drainChanges().map((c) => c.event);
    expect(events.filter((e) => e.type === 'chattering')).toEqual([
      { alarmId: ID, type: 'chattering', at: 40_000, who: SYSTEM_ACTOR, comment: null, fromState: 'unacknowledged', toState: 'unacknowledged', value: 31 },
    ]);
    expect(manager.get(ID)).toMatchObject({ isChattering: true, activationCount: 4 });
    // Activations slow down: the next one finds fewer than 3 within 60 s and the flag drops.
    manager.applyCondition(condition(true, 200_000, 31));
    expect(manager.get(ID)?.isChattering).toBe(false);
  });

  it('does not flag 3 activations spread over more than 60 s; the options change the threshold', () => {
    const relaxed = new AlarmManager();
    const strict = new AlarmManager({ chatterCount: 2, chatterWindowMs: 10_000 });
    for (const manager of [relaxed, strict]) {
      for (const at of [0, 35_000, 70_001]) {
        manager.applyCondition(condition(true, at, 31));
        manager.applyCondition(condition(false, at + 1000, 27));
      }
    }
    expect(relaxed.get(ID)?.isChattering).toBe(false);
    expect(strict.get(ID)?.isChattering).toBe(false);
    strict.applyCondition(condition(true, 75_000, 31));
    expect(strict.get(ID)?.isChattering).toBe(true);
  });

  it('routes system alarms through the same lifecycle', () => {
    const manager = new AlarmManager();
    const noData = condition(true, 10_000, null, { ruleId: 'system:no-data', stationId: '*', metric: null, severity: 'critical', threshold: null, message: 'No data at all' });
    manager.applyCondition(noData);
    manager.applyCondition(condition(true, 20_000, 31));
    expect(manager.get('system:no-data@*')).toMatchObject({ kind: 'system', state: 'unacknowledged', severity: 'critical' });
    expect(manager.list().map((a) => a.id)).toEqual(['system:no-data@*', ID]); // critical first
    manager.applyCondition({ ...noData, isActive: false, at: 30_000 });
    expect(manager.get('system:no-data@*')?.state).toBe('returned-unacknowledged');
  });

  it('lists by priority, then newest activation first', () => {
    const manager = new AlarmManager();
    manager.applyCondition(condition(true, 1000, 31, { stationId: 'a' }));
    manager.applyCondition(condition(true, 3000, 31, { stationId: 'b' }));
    manager.applyCondition(condition(true, 2000, 31, { stationId: 'c', severity: 'critical' }));
    expect(manager.list().map((a) => a.stationId)).toEqual(['c', 'b', 'a']);
  });
});
