import { describe, expect, it } from 'vitest';
import { Quarantine, type QuarantineInput } from './quarantine';

const position = { topic: 'readings', partition: 3, offset: '12345678901234' };
const encoder = new TextEncoder();

function input(i: number, overrides: Partial<QuarantineInput> = {}): QuarantineInput {
  return { reason: i % 2 === 0 ? 'not-json' : 'bad-time', detail: `message ${i}`, bytes: encoder.encode(`payload ${i}`), position, at: 1_000 + i, ...overrides };
}

describe('Quarantine', () => {
  it('keeps payload text, reason, detail, size and position', () => {
    const quarantine = new Quarantine();
    const entry = quarantine.add(input(0));
    expect(entry).toEqual({ at: 1_000, reason: 'not-json', detail: 'message 0', sample: 'payload 0', sizeBytes: 9, topic: 'readings', partition: 3, offset: '12345678901234' });
    const tombstone = quarantine.add({ reason: 'empty', detail: 'null', bytes: null, position: null, at: 5 });
    expect(tombstone).toMatchObject({ sample: '', sizeBytes: 0, topic: null, partition: null, offset: null });
  });

  it('is bounded: keeps the newest `capacity` entries, newest first, while counts keep growing', () => {
    const quarantine = new Quarantine({ capacity: 500 });
    for (let i = 0; i < 1_234; i++) quarantine.add(input(i));
    const all = quarantine.list(10_000);
    expect(all).toHaveLength(500);
    expect(all[0]?.detail).toBe('message 1233');
    expect(all[499]?.detail).toBe('message 734');
    expect(quarantine.list(3).map((e) => e.detail)).toEqual(['message 1233', 'message 1232', 'message 1231']);
    expect(quarantine.list(0)).toEqual([]);
    expect(quarantine.countsByReason()).toEqual({ 'not-json': 617, 'bad-time': 617 });
    expect(quarantine.totalCount).toBe(1_234);
  });

  it('drains only what is new since the last drain, oldest first, at most `capacity`', () => {
    const quarantine = new Quarantine({ capacity: 4 });
    quarantine.add(input(1));
    quarantine.add(input(2));
    expect(quarantine.drainNew().map((e) => e.detail)).toEqual(['message 1', 'message 2']);
    expect(quarantine.drainNew()).toEqual([]);
    for (let i = 3; i <= 9; i++) quarantine.add(input(i));
    expect(quarantine.drainNew().map((e) => e.detail)).toEqual(['message 6', 'message 7', 'message 8', 'message 9']);
    expect(quarantine.list().length).toBe(4);
    expect(quarantine.countsByReason()).toEqual({ 'bad-time': 5, 'not-json': 4 });
  });

  it('turns invalid UTF-8 and NUL into U+FFFD and truncates long payloads', () => {
    const quarantine = new Quarantine({ maxSampleChars: 2_000 });
    const invalid = quarantine.add(input(0, { bytes: new Uint8Array([0x7b, 0xff, 0x00, 0xc3, 0x7d]) }));
    expect(invalid.sample).toBe('{\uFFFD\uFFFD\uFFFD}');
    expect(invalid.sizeBytes).toBe(5);
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const long = quarantine.add(input(1, { bytes: big }));
    expect(long.sample).toBe('a'.repeat(2_000) + '…');
    expect(long.sizeBytes).toBe(10 * 1024 * 1024);
    const emoji = quarantine.add(input(2, { bytes: encoder.encode('a' + '😀'.repeat(1_500)) }));
    expect(emoji.sample).toBe('a' + '😀'.repeat(999) + '…'); // 1,999 units: the pair at the cut is dropped whole
    const exact = quarantine.add(input(3, { bytes: encoder.encode('é'.repeat(2_000)) }));
    expect(exact.sample).toBe('é'.repeat(2_000));
  });

  it('accepts a string payload for rejected structured readings', () => {
    const entry = new Quarantine().add(input(0, { bytes: '{"stationId":"*","ü":1}' }));
    expect(entry.sample).toBe('{"stationId":"*","ü":1}');
    expect(entry.sizeBytes).toBe(24);
  });
});
