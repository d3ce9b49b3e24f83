import { describe, expect, it } from 'vitest';
import { brokerErrors, splitBrokers } from './broker-list';

describe('broker list', () => {
  it('splits on commas, spaces and new lines', () => {
    expect(splitBrokers(' a:1, b:2\nc:3 ;d:4 ')).toEqual(['a:1', 'b:2', 'c:3', 'd:4']);
  });

  it('accepts host:port entries and rejects the rest with the schema message', () => {
    expect(brokerErrors(['kafka-1.city.local:9092', '127.0.0.1:19092'])).toEqual([]);
    const errors = brokerErrors(['kafka-1', 'ok:9092', 'http://x:1', 'big:70000']);
    expect(errors.map((e) => e.entry)).toEqual(['kafka-1', 'http://x:1', 'big:70000']);
    expect(errors[0]?.message).toMatch(/host:port/);
    expect(errors[2]?.message).toMatch(/65535/);
    expect(brokerErrors([])[0]?.message).toMatch(/At least one/);
  });
});
