import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from './wire';
import type { ServerMessage } from './wire';

describe('wire codec', () => {
  it('round-trips typed arrays of every length and kind', () => {
    for (const n of [0, 1, 2, 3, 7, 1000]) {
      const f64 = Float64Array.from({ length: n }, (_, i) => i * 1.5 - 3 + Math.PI);
      const u32 = Uint32Array.from({ length: n }, (_, i) => i * 2654435761);
      const message: ServerMessage = { t: 'res', id: n, ok: true, result: { f64, u32, nested: [{ bytes: new Uint8Array([n & 255]) }] } };
      const back = decodeWire<ServerMessage>(encodeWire(message));
      expect(back.t === 'res' && back.ok && back.result).toEqual({ f64, u32, nested: [{ bytes: new Uint8Array([n & 255]) }] });
      const result = (back as { result: { f64: Float64Array } }).result;
      expect(result.f64).toBeInstanceOf(Float64Array);
    }
  });

  it('keeps NaN inside typed arrays, which plain JSON would turn into null', () => {
    const back = decodeWire<ServerMessage>(encodeWire({ t: 'res', id: 1, ok: true, result: new Float64Array([NaN, 1]) }));
    const values = (back as { result: Float64Array }).result;
    expect(Number.isNaN(values[0])).toBe(true);
    expect(values[1]).toBe(1);
  });

  it('throws on malformed JSON so the transport can answer with an error', () => {
    expect(() => decodeWire('{nope')).toThrow();
  });
});
