import { describe, expect, it } from 'vitest';
import type { Handover, ShiftEntry } from '../../../src-shared/domain/shift';
import { clearProblem, confirmProblem, openCarryOver } from './carry-over';

const entry: ShiftEntry = { id: 'n1', at: 10, who: 'Ana', kind: 'note', text: 'Pump at st-04 noisy', stationId: 'st-04', carryOver: true, clearedAt: null, clearedBy: null };
const handover: Handover = {
  id: 'h1', at: 20, by: 'Ana', note: '', confirmedAt: null, confirmedBy: null,
  summary: { at: 20, since: null, activeAlarms: [], shelved: [], outOfService: [], staleStations: [], ruleChanges: null, carryOver: [] },
};

describe('carry-over notes', () => {
  it('stay open until cleared, and only notes carry over', () => {
    expect(openCarryOver([entry])).toEqual([entry]);
    expect(openCarryOver([{ ...entry, clearedAt: 30, clearedBy: 'Bram' }])).toEqual([]);
    expect(openCarryOver([{ ...entry, kind: 'auto' }])).toEqual([]);
    expect(openCarryOver([{ ...entry, carryOver: false }])).toEqual([]);
  });

  it('can be cleared once, and only when they are carry-over notes', () => {
    expect(clearProblem('n1', entry)).toBeNull();
    expect(clearProblem('n9', null)).toBe('There is no shift log entry "n9".');
    expect(clearProblem('n1', { ...entry, carryOver: false })).toMatch(/not a carry-over note/);
    expect(clearProblem('n1', { ...entry, clearedAt: 30, clearedBy: 'Bram' })).toBe('The carry-over note "n1" was already cleared by Bram.');
  });
});

describe('confirming a handover', () => {
  it('is for the incoming operator, once', () => {
    expect(confirmProblem('h1', handover, 'Bram')).toBeNull();
    expect(confirmProblem('h1', handover, 'Ana')).toBe('Ana handed this shift over; the incoming operator confirms it.');
    expect(confirmProblem('h1', { ...handover, confirmedAt: 30, confirmedBy: 'Bram' }, 'Cas')).toBe('This handover was already confirmed by Bram.');
    expect(confirmProblem('h9', null, 'Bram')).toBe('There is no handover "h9".');
  });
});
