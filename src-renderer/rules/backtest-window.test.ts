import { describe, expect, it } from 'vitest';
import { LiveStore } from '../data/live-store';
import { buildFrame } from '../data/test-frame';
import { BACKTEST_SPAN_MS, backtestWindow } from './backtest-window';

const WALL = Date.UTC(2026, 10, 23, 12, 0, 0);

describe('backtestWindow', () => {
  it('ends at the data clock of a replay of last year, not at the wall clock', () => {
    const live = new LiveStore();
    const lastYear = WALL - 365 * BACKTEST_SPAN_MS;
    live.ingest(buildFrame([{ station: 'st-01', metric: 'temperature', ts: lastYear, value: 20 }]), WALL);
    expect(backtestWindow(live.dataTime(WALL + 500))).toEqual({ from: lastYear + 500 - BACKTEST_SPAN_MS, to: lastYear + 500 });
  });

  it('ends at the data clock of a simulator running ahead of the wall clock', () => {
    const live = new LiveStore();
    const ahead = WALL + 3 * 3_600_000;
    live.ingest(buildFrame([{ station: 'st-01', metric: 'temperature', ts: ahead, value: 20 }]), WALL);
    expect(backtestWindow(live.dataTime(WALL))).toEqual({ from: ahead - BACKTEST_SPAN_MS, to: ahead });
  });

  it('falls back to the wall clock before any data, and keeps whole, non-negative milliseconds', () => {
    expect(backtestWindow(new LiveStore().dataTime(WALL))).toEqual({ from: WALL - BACKTEST_SPAN_MS, to: WALL });
    expect(backtestWindow(1000.2)).toEqual({ from: 0, to: 1001 });
  });
});
