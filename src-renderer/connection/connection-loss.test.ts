import { describe, expect, it } from 'vitest';
import type { TransportState } from '../api/ws-api';
import { Observable } from '../data/observable';
import { describeConnectionLoss, formatElapsed, watchConnectionLoss } from './connection-loss';

describe('formatElapsed', () => {
  it('writes m:ss under an hour and h:mm:ss from an hour on, rounding down to whole seconds', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(999)).toBe('0:00');
    expect(formatElapsed(42_000)).toBe('0:42');
    expect(formatElapsed(60_000)).toBe('1:00');
    expect(formatElapsed(12 * 60_000 + 5_000)).toBe('12:05');
    expect(formatElapsed(3_600_000 + 2 * 60_000 + 3_000)).toBe('1:02:03');
    expect(formatElapsed(26 * 3_600_000)).toBe('26:00:00');
  });

  it('counts a negative duration (a clock step backwards) as zero', () => {
    expect(formatElapsed(-5_000)).toBe('0:00');
  });
});

describe('describeConnectionLoss', () => {
  it('says how long ago and that the page is reconnecting', () => {
    expect(describeConnectionLoss(1_000, 43_500)).toBe('Connection to the server lost 0:42 ago — reconnecting…');
    expect(describeConnectionLoss(1_000, 3_662_000)).toBe('Connection to the server lost 1:01:01 ago — reconnecting…');
  });
});

describe('watchConnectionLoss', () => {
  it('keeps the time the open connection was lost through every reconnect attempt, and clears it when open again', () => {
    const transport = new Observable<TransportState>('connecting');
    let clock = 100;
    const watch = watchConnectionLoss(transport, () => clock);
    expect(watch.lostAt.get()).toBeNull();
    transport.set('open');
    expect(watch.lostAt.get()).toBeNull();
    clock = 5_000;
    transport.set('closed');
    expect(watch.lostAt.get()).toBe(5_000);
    clock = 6_000;
    transport.set('connecting');
    clock = 7_000;
    transport.set('closed');
    expect(watch.lostAt.get()).toBe(5_000);
    transport.set('open');
    expect(watch.lostAt.get()).toBeNull();
    watch.stop();
    transport.set('closed');
    expect(watch.lostAt.get()).toBeNull();
  });

  it('does not call a first connection that is still being made "lost", but does a page that starts closed', () => {
    const connecting = watchConnectionLoss(new Observable<TransportState>('connecting'), () => 1);
    expect(connecting.lostAt.get()).toBeNull();
    const closed = watchConnectionLoss(new Observable<TransportState>('closed'), () => 9);
    expect(closed.lostAt.get()).toBe(9);
  });
});
