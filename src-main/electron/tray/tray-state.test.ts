import { describe, expect, it } from 'vitest';
import type { Alarm } from '../../../src-shared/domain/alarms';
import type { PipelineStatus } from '../../../src-shared/ipc/status';
import { OpenAlarms, trayState } from './tray-state';
import { trayMenuTemplate } from './tray-menu';

function alarm(id: string, severity: Alarm['severity'], state: Alarm['state'], shelved = false): Alarm {
  return { id, ruleId: id, stationId: 'st-01', metric: 'temperature', kind: 'process', severity, state, isActive: state !== 'normal', message: '', value: 1, peakValue: 1, threshold: 0, activatedAt: 0, clearedAt: null, acknowledgedAt: null, acknowledgedBy: null, activationCount: 1, isChattering: false, shelf: shelved ? { by: 'a', reason: 'r', until: 1 } : null, updatedAt: 0 };
}

function status(source: PipelineStatus['source']['state'], store: PipelineStatus['store']['state'] = 'ok'): PipelineStatus {
  return { at: 0, profileId: 'p', source: { kind: 'kafka', state: source, detail: null }, store: { kind: 'memory', state: store, queueDepth: 0, queueCapacity: 1, detail: null }, readingsPerSec: 0, counters: { readings: 0, rejected: {}, late: 0, duplicates: 0, outliers: 0, windowsClosed: 0 }, openWindows: 0, watermark: null, lag: [], engineRestarts: 0 };
}

describe('tray state', () => {
  it('follows the worst open alarm, ignoring shelved and normal ones', () => {
    const open = new OpenAlarms();
    expect(trayState(open, status('connected'), 'running', false).colour).toBe('grey');
    open.update(alarm('a', 'warning', 'unacknowledged'));
    expect(trayState(open, status('connected'), 'running', false).colour).toBe('amber');
    open.update(alarm('b', 'critical', 'acknowledged'));
    expect(trayState(open, status('connected'), 'running', false)).toEqual({ colour: 'red', tooltip: 'Stationwatch — 1 critical, 1 warning · source connected' });
    open.update(alarm('b', 'critical', 'acknowledged', true));
    open.update(alarm('a', 'warning', 'normal'));
    expect(trayState(open, status('connected'), 'running', true)).toEqual({ colour: 'grey', tooltip: 'Stationwatch — 0 critical, 0 warning · source connected · notifications paused' });
  });

  it('follows the connection and the engine', () => {
    const none = new OpenAlarms();
    expect(trayState(none, status('disconnected'), 'running', false).colour).toBe('red');
    expect(trayState(none, status('auth-failed'), 'running', false).colour).toBe('red');
    expect(trayState(none, status('connected', 'buffering'), 'running', false).colour).toBe('amber');
    expect(trayState(none, null, 'restarting', false)).toEqual({ colour: 'amber', tooltip: 'Stationwatch — 0 critical, 0 warning · engine restarting' });
    expect(trayState(none, null, 'failed', false).colour).toBe('red');
  });

  it('offers pause for 15 and 60 minutes, or resume while paused', () => {
    const calls: string[] = [];
    const actions = { show: () => calls.push('show'), pauseFor: (m: number) => calls.push(`pause ${m}`), resume: () => calls.push('resume'), quit: () => calls.push('quit') };
    const menu = trayMenuTemplate(actions, null);
    for (const item of menu) item.click?.();
    expect(calls).toEqual(['show', 'pause 15', 'pause 60', 'quit']);
    expect(trayMenuTemplate(actions, '10:45').map((i) => i.label).filter(Boolean)).toEqual(['Show Stationwatch', 'Resume notifications (paused until 10:45)', 'Quit Stationwatch']);
  });
});
