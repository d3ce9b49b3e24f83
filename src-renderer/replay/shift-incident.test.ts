import { describe, expect, it } from 'vitest';
import { shiftEntryIncident } from './shift-incident';

const T = Date.UTC(2026, 6, 20, 14);

describe('the incident a shift-log entry leads to', () => {
  it('is the saved incident an engine entry names', () => {
    expect(shiftEntryIncident({ kind: 'auto', at: T, text: 'Incident saved: Heatwave (2026-07-20 13:58–14:10 UTC) [incident:4f1c-9a]' })).toEqual({ kind: 'saved', id: '4f1c-9a' });
  });

  it('is two minutes before a critical alarm the engine recorded, to ten minutes after', () => {
    expect(shiftEntryIncident({ kind: 'auto', at: T, text: 'Critical alarm raised at South Stadium: Temperature above 40 °C' })).toEqual({
      kind: 'alarm', title: 'Critical alarm raised at South Stadium: Temperature above 40 °C', from: T - 120_000, to: T + 600_000,
    });
  });

  it('is none for an operator note, even one quoting an incident, or another engine entry', () => {
    expect(shiftEntryIncident({ kind: 'note', at: T, text: 'See [incident:4f1c-9a]' })).toBeNull();
    expect(shiftEntryIncident({ kind: 'auto', at: T, text: 'Data source back' })).toBeNull();
  });
});
