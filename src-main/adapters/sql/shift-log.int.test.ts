/**
 * The shift log and handovers on both SQL backends, through the same openStore() the engine uses: a
 * search by time, text and station; carry-over notes open until cleared (once); a handover stored with
 * its summary and rules and confirmed once; every write idempotent when replayed.
 */
import { describe, expect, it } from 'vitest';
import { sqlBackends, useSqlStore } from '../../../tests/helpers/sql-backends';
import type { ShiftEntry } from '../../../src-shared/domain/shift';
import { DEFAULT_RULES } from '../../../src-shared/settings/default-rules';
import type { HandoverRecord, ShiftLogRead } from '../../core/shift/shift-store';

const T0 = Date.UTC(2026, 11, 6, 6);

const backends = await sqlBackends();

const search = (over: Partial<ShiftLogRead>): ShiftLogRead => ({ from: T0 - 1, to: T0 + 86_400_000, text: null, stationId: null, limit: 100, openCarryOverOnly: false, id: null, ...over });
const entry = (id: string, minutes: number, over: Partial<ShiftEntry> = {}): ShiftEntry => ({
  id, at: T0 + minutes * 60_000, who: 'Ana de Vries', kind: 'note', text: id, stationId: null, carryOver: false, clearedAt: null, clearedBy: null, ...over,
});

describe.each(backends)('the shift log on $name', (backend) => {
  const opened = useSqlStore(backend, 'sw-shift-');

  const pump = entry('Pump at st-04 noisy, check at 09:00', 10, { stationId: 'st-04', carryOver: true });
  const auto = entry('Critical alarm raised at st-03: Temperature above 40 °C', 20, { kind: 'auto', who: 'system', stationId: 'st-03' });
  const gate = entry('Gate code changed', 30, { carryOver: true });

  it.skipIf(backend.skip)('finds entries by time, text (any case) and station, newest first; a replayed write adds nothing', async () => {
    for (const e of [pump, auto, gate, pump]) await opened.store().writeShift({ kind: 'entry', entry: e });
    await opened.store().writeShift({ kind: 'entry', entry: entry('NUL \u0000 inside', 40, { stationId: 'st\u0000x' }) });
    await opened.store().caughtUp();
    expect((await opened.store().readShiftLog(search({}))).map((e) => e.id)).toEqual(['NUL \uFFFD inside', gate.id, auto.id, pump.id]);
    expect(await opened.store().readShiftLog(search({ text: 'PUMP' }))).toEqual([pump]);
    expect(await opened.store().readShiftLog(search({ stationId: 'st-03' }))).toEqual([auto]);
    expect((await opened.store().readShiftLog(search({ from: T0 + 15 * 60_000, to: T0 + 25 * 60_000 }))).map((e) => e.id)).toEqual([auto.id]);
    expect(await opened.store().readShiftLog(search({ id: pump.id }))).toEqual([pump]);
  });

  it.skipIf(backend.skip)('keeps carry-over notes open until cleared, and a clear applies once', async () => {
    expect((await opened.store().readShiftLog(search({ openCarryOverOnly: true }))).map((e) => e.id)).toEqual([gate.id, pump.id]);
    await opened.store().writeShift({ kind: 'clear', id: pump.id, at: T0 + 3_600_000, by: 'Bram' });
    await opened.store().writeShift({ kind: 'clear', id: pump.id, at: T0 + 7_200_000, by: 'Cas' });
    await opened.store().caughtUp();
    expect((await opened.store().readShiftLog(search({ openCarryOverOnly: true }))).map((e) => e.id)).toEqual([gate.id]);
    expect(await opened.store().readShiftLog(search({ id: pump.id }))).toEqual([{ ...pump, clearedAt: T0 + 3_600_000, clearedBy: 'Bram' }]);
  });

  it.skipIf(backend.skip)('stores a handover with its summary and rules, newest first, confirmed once', async () => {
    const summary = { at: T0 + 8 * 3_600_000, since: null, activeAlarms: [], shelved: [], outOfService: [], staleStations: ['st-02'], ruleChanges: null, carryOver: [gate] };
    const first: HandoverRecord = { id: 'h1', at: T0 + 8 * 3_600_000, by: 'Ana de Vries', note: 'Quiet night', summary, rules: DEFAULT_RULES, confirmedAt: null, confirmedBy: null };
    const second: HandoverRecord = { ...first, id: 'h2', at: T0 + 16 * 3_600_000, by: 'Bram', note: '' };
    for (const h of [first, second, first]) await opened.store().writeShift({ kind: 'handover', handover: h });
    await opened.store().writeShift({ kind: 'confirm', id: 'h1', at: T0 + 8 * 3_600_000 + 60_000, by: 'Bram' });
    await opened.store().writeShift({ kind: 'confirm', id: 'h1', at: T0 + 9 * 3_600_000, by: 'Cas' });
    await opened.store().caughtUp();
    expect((await opened.store().readHandovers({ id: null, limit: 10 })).map((h) => h.id)).toEqual(['h2', 'h1']);
    const [stored] = await opened.store().readHandovers({ id: 'h1', limit: 1 });
    expect(stored).toEqual({ ...first, confirmedAt: T0 + 8 * 3_600_000 + 60_000, confirmedBy: 'Bram' });
    expect(await opened.store().readHandovers({ id: 'h9', limit: 1 })).toEqual([]);
  });
});
