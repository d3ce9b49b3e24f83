/**
 * The shift requests in the engine (in-process, in-memory database): carry-over notes stay in every
 * handover until cleared, rule changes are listed against the previous handover, a handover is
 * confirmed once and not by its author, and each step is in the shift log under the person's name.
 */
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from './engine';
import type { EngineHandle } from '../engine-api';
import { defaultSettings, SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';

const settings: Settings = {
  ...defaultSettings(),
  activeProfileId: 'test',
  profiles: [{ id: 'test', name: 'Test', source: SimulatorSourceSchema.parse({ kind: 'simulator', seed: 5, outlierRate: 0, speed: 1 }), database: { kind: 'memory' } }],
};

let engine: EngineHandle;
beforeAll(async () => {
  engine = await startEngine({ settings, secrets: {}, operator: 'os-user', dataDir: tmpdir() });
}, 30_000);
afterAll(async () => {
  await engine?.stop();
});

describe('shift requests', () => {
  it('carries a note over until it is cleared, and lists rule changes since the last handover', async () => {
    const note = await engine.request('shiftlog:add', { text: '  Gate code changed  ', stationId: null, carryOver: true }, 'Ana');
    expect(note).toMatchObject({ text: 'Gate code changed', who: 'Ana', kind: 'note', carryOver: true, clearedAt: null });
    await engine.request('shiftlog:add', { text: 'Coffee machine fixed', stationId: null, carryOver: false }, 'Ana');

    const first = await engine.request('shift:handover', { note: 'All quiet' }, 'Ana');
    expect(first.summary.carryOver.map((e) => e.id)).toEqual([note.id]);
    expect(first.summary.ruleChanges).toBeNull();
    await expect(engine.request('shift:confirm', { handoverId: first.id }, 'Ana')).rejects.toThrow('Ana handed this shift over; the incoming operator confirms it.');
    expect(await engine.request('shift:confirm', { handoverId: first.id }, 'Bram')).toMatchObject({ confirmedBy: 'Bram' });
    await expect(engine.request('shift:confirm', { handoverId: first.id }, 'Cas')).rejects.toThrow('This handover was already confirmed by Bram.');

    const [edited, ...rest] = await engine.request('rules:list', {});
    await engine.request('rules:save', { rules: [{ ...edited!, name: 'Renamed rule' }, ...rest] }, 'Bram');
    const second = await engine.request('shift:handover', { note: '' }, 'Bram');
    expect(second.summary.since).toBe(first.at);
    expect(second.summary.ruleChanges).toEqual({ added: [], changed: ['Renamed rule'], removed: [] });
    expect(second.summary.carryOver.map((e) => e.id)).toEqual([note.id]);

    expect(await engine.request('shiftlog:clearCarryOver', { id: note.id }, 'Cas')).toMatchObject({ clearedBy: 'Cas' });
    await expect(engine.request('shiftlog:clearCarryOver', { id: note.id }, 'Cas')).rejects.toThrow(`The carry-over note "${note.id}" was already cleared by Cas.`);
    const current = await engine.request('shift:current', {});
    expect(current.summary.carryOver).toEqual([]);
    expect(current.summary.ruleChanges).toEqual({ added: [], changed: [], removed: [] });
    expect(current.latest?.id).toBe(second.id);
  });

  it('notes handovers and confirmations in the log, searchable by text', async () => {
    const found = await engine.request('shiftlog:list', { from: 0, to: Date.now() + 60_000, text: 'HANDOVER FROM', stationId: null, limit: 50 });
    expect(found.map((e) => [e.kind, e.who, e.text])).toEqual([['auto', 'Bram', 'Handover from Ana confirmed by Bram']]);
    const all = await engine.request('shiftlog:list', { from: 0, to: Date.now() + 60_000, text: null, stationId: null, limit: 50 });
    expect(all.filter((e) => e.kind === 'auto').map((e) => e.text)).toEqual(
      expect.arrayContaining(['Shift handed over by Ana: All quiet', 'Shift handed over by Bram']),
    );
  });
});
