import { grown } from '../../src-shared/columns/typed-array-growth';

/** A Float64 column that grows by doubling; reused across frames so the hot path does not allocate. */
export class GrowableColumn {
  private data: Float64Array;
  length = 0;

  constructor(initialCapacity = 1024) {
    this.data = new Float64Array(initialCapacity);
  }

  push(value: number): void {
    if (this.length === this.data.length) this.data = grown(this.data, this.length + 1);
    this.data[this.length++] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  /** A compact copy of the filled part, safe to transfer or clone. */
  toFloat64(): Float64Array {
    return this.data.slice(0, this.length);
  }

  toUint32(): Uint32Array {
    const out = new Uint32Array(this.length);
    for (let i = 0; i < this.length; i++) out[i] = this.data[i] as number;
    return out;
  }

  clear(): void {
    this.length = 0;
  }
}
