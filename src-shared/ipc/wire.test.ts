import { describe, expect, it, vi } from 'vitest';
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

  it('throws on a tagged array whose bytes do not fill its elements, rather than dropping the rest', () => {
    expect(() => decodeWire('{"t":"res","id":1,"ok":true,"result":{"$ta":"Float64Array","b64":"AAAA"}}')).toThrow(RangeError);
  });

  it('leaves a hostile "__proto__" key a plain property, also when it holds a tagged array', () => {
    const tagged = encodeWire({ t: 'res', id: 1, ok: true, result: new Uint8Array([1, 2]) }).match(/\{"\$ta"[^}]*\}/)![0];
    const back = decodeWire<ServerMessage>(`{"t":"res","id":1,"ok":true,"result":{"__proto__":${tagged},"plain":{"__proto__":{"polluted":true}}}}`);
    const result = (back as { result: Record<string, unknown> }).result;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual(new Uint8Array([1, 2]));
    expect(Object.getPrototypeOf(result.plain)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('decodes with the platform\'s base64 and with the script fallback alike', async () => {
    const values = Float64Array.from({ length: 333 }, (_, i) => Math.sin(i) * 1e6);
    const text = encodeWire({ t: 'res', id: 1, ok: true, result: values });
    // Node has no Uint8Array.fromBase64: give it one (backed by Buffer) for a second copy of the module.
    vi.resetModules();
    const withNative = Uint8Array as unknown as { fromBase64?: (t: string) => Uint8Array };
    const had = withNative.fromBase64;
    withNative.fromBase64 = (t: string) => new Uint8Array(Buffer.from(t, 'base64'));
    try {
      const native = await import('./wire');
      expect((native.decodeWire<ServerMessage>(text) as { result: Float64Array }).result).toEqual(values);
    } finally {
      withNative.fromBase64 = had;
    }
    expect((decodeWire<ServerMessage>(text) as { result: Float64Array }).result).toEqual(values);
  });
});
