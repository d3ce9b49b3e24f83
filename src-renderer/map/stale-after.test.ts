import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src-shared/settings/default-rules';
import { staleAfterMs } from './stale-after';

describe('staleAfterMs', () => {
  it('uses the shortest enabled all-station stale rule, else 60 s', () => {
    expect(staleAfterMs(DEFAULT_RULES)).toBe(60_000);
    expect(staleAfterMs([{ kind: 'stale', id: 's', name: 's', enabled: true, severity: 'warning', stationId: null, afterMs: 20_000 }, ...DEFAULT_RULES])).toBe(20_000);
    expect(staleAfterMs([{ kind: 'stale', id: 's', name: 's', enabled: false, severity: 'warning', stationId: null, afterMs: 5_000 }])).toBe(60_000);
  });
});
