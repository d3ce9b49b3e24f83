/**
 * A minimal Parquet writer for sample data and tests: flat schema, PLAIN encoding, uncompressed,
 * one data page (v1) per column chunk, optional columns with RLE definition levels. No Parquet
 * writer library is installed here (hyparquet only reads), and the format's footer is plain
 * Thrift compact protocol, so ~150 lines suffice. Spec: https://parquet.apache.org/docs/file-format/
 */
import { writeFileSync } from 'node:fs';

/** Column kinds the writer supports. */
export type ParquetColumnKind = 'double' | 'int64' | 'string' | 'timestamp-ms';

/** One column: name, kind, and whether it may hold nulls. */
export interface ParquetColumn {
  readonly name: string;
  readonly kind: ParquetColumnKind;
  readonly optional?: boolean;
}

/** A row: column name → value (number/bigint, string, or null for a missing optional value). */
export type ParquetRowValues = Readonly<Record<string, number | bigint | string | null | undefined>>;

const PHYSICAL = { double: 5, int64: 2, string: 6, 'timestamp-ms': 2 } as const;
const CONVERTED: Partial<Record<ParquetColumnKind, number>> = { string: 0, 'timestamp-ms': 9 };

/** Thrift compact protocol, the subset Parquet's footer and page headers need. */
class Thrift {
  readonly bytes: number[] = [];
  private lastField: number[] = [0];

  varint(value: bigint | number): void {
    let v = BigInt(value);
    while (v >= 0x80n) {
      this.bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.bytes.push(Number(v));
  }
  zigzag(value: bigint | number): void {
    const v = BigInt(value);
    this.varint(v >= 0n ? v << 1n : (-v << 1n) - 1n);
  }
  field(id: number, type: number): void {
    const delta = id - (this.lastField[this.lastField.length - 1] as number);
    if (delta > 0 && delta <= 15) this.bytes.push((delta << 4) | type);
    else {
      this.bytes.push(type);
      this.zigzag(id);
    }
    this.lastField[this.lastField.length - 1] = id;
  }
  i32(id: number, value: number): void {
    this.field(id, 5);
    this.zigzag(value);
  }
  i64(id: number, value: number | bigint): void {
    this.field(id, 6);
    this.zigzag(value);
  }
  binary(id: number | null, text: string): void {
    if (id !== null) this.field(id, 8);
    const encoded = new TextEncoder().encode(text);
    this.varint(encoded.length);
    this.bytes.push(...encoded);
  }
  list(id: number, elementType: number, size: number): void {
    this.field(id, 9);
    if (size < 15) this.bytes.push((size << 4) | elementType);
    else {
      this.bytes.push(0xf0 | elementType);
      this.varint(size);
    }
  }
  beginStruct(id: number | null): void {
    if (id !== null) this.field(id, 12);
    this.lastField.push(0);
  }
  endStruct(): void {
    this.bytes.push(0);
    this.lastField.pop();
  }
}

/** PLAIN values and RLE definition levels of one column chunk. */
function encodeColumn(column: ParquetColumn, rows: readonly ParquetRowValues[]): { page: Uint8Array; nonNull: number } {
  const values: number[] = [];
  const levels: number[] = [];
  let nonNull = 0;
  for (const row of rows) {
    const value = row[column.name];
    const isNull = value === null || value === undefined;
    if (isNull && column.optional !== true) throw new Error(`column ${column.name} is required but row has no value`);
    levels.push(isNull ? 0 : 1);
    if (isNull) continue;
    nonNull++;
    const cell = Buffer.alloc(column.kind === 'string' ? 0 : 8);
    if (column.kind === 'double') cell.writeDoubleLE(Number(value));
    else if (column.kind !== 'string') cell.writeBigInt64LE(BigInt(value));
    if (column.kind === 'string') {
      const text = Buffer.from(String(value), 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(text.length);
      values.push(...length, ...text);
    } else values.push(...cell);
  }
  const rle: number[] = [];
  if (column.optional === true) {
    for (let i = 0; i < levels.length; ) {
      let run = 1;
      while (i + run < levels.length && levels[i + run] === levels[i]) run++;
      const header = new Thrift();
      header.varint(run << 1);
      rle.push(...header.bytes, levels[i] as number);
      i += run;
    }
    const length = Buffer.alloc(4);
    length.writeUInt32LE(rle.length);
    rle.unshift(...length);
  }
  return { page: Uint8Array.from([...rle, ...values]), nonNull };
}

/** Writes `rows` as a Parquet file with row groups of at most `rowGroupSize` rows. */
export function writeParquet(path: string, columns: readonly ParquetColumn[], rows: readonly ParquetRowValues[], rowGroupSize = 100_000): void {
  const parts: Uint8Array[] = [Buffer.from('PAR1')];
  let offset = 4;
  const groups: { rows: number; chunks: { column: ParquetColumn; offset: number; size: number; values: number }[] }[] = [];
  for (let start = 0; start < rows.length || (start === 0 && rows.length === 0); start += rowGroupSize) {
    const slice = rows.slice(start, start + rowGroupSize);
    const chunks = [];
    for (const column of columns) {
      const { page } = encodeColumn(column, slice);
      const header = new Thrift();
      header.beginStruct(null);
      header.i32(1, 0); // DATA_PAGE
      header.i32(2, page.length);
      header.i32(3, page.length);
      header.beginStruct(5);
      header.i32(1, slice.length);
      header.i32(2, 0); // PLAIN
      header.i32(3, 3); // RLE
      header.i32(4, 3);
      header.endStruct();
      header.endStruct();
      const chunk = Uint8Array.from([...header.bytes, ...page]);
      chunks.push({ column, offset, size: chunk.length, values: slice.length });
      parts.push(chunk);
      offset += chunk.length;
    }
    groups.push({ rows: slice.length, chunks });
    if (rows.length === 0) break;
  }
  const footer = new Thrift();
  footer.beginStruct(null);
  footer.i32(1, 1);
  footer.list(2, 12, columns.length + 1);
  footer.beginStruct(null);
  footer.binary(4, 'schema');
  footer.i32(5, columns.length);
  footer.endStruct();
  for (const column of columns) {
    footer.beginStruct(null);
    footer.i32(1, PHYSICAL[column.kind]);
    footer.i32(3, column.optional === true ? 1 : 0);
    footer.binary(4, column.name);
    const converted = CONVERTED[column.kind];
    if (converted !== undefined) footer.i32(6, converted);
    footer.endStruct();
  }
  footer.i64(3, rows.length);
  footer.list(4, 12, groups.length);
  for (const group of groups) {
    footer.beginStruct(null);
    footer.list(1, 12, group.chunks.length);
    for (const chunk of group.chunks) {
      footer.beginStruct(null);
      footer.i64(2, chunk.offset);
      footer.beginStruct(3);
      footer.i32(1, PHYSICAL[chunk.column.kind]);
      footer.list(2, 5, 2);
      footer.zigzag(0); // PLAIN
      footer.zigzag(3); // RLE
      footer.list(3, 8, 1);
      footer.binary(null, chunk.column.name);
      footer.i32(4, 0); // UNCOMPRESSED
      footer.i64(5, chunk.values);
      footer.i64(6, chunk.size);
      footer.i64(7, chunk.size);
      footer.i64(9, chunk.offset);
      footer.endStruct();
      footer.endStruct();
    }
    footer.i64(2, group.chunks.reduce((sum, c) => sum + c.size, 0));
    footer.i64(3, group.rows);
    footer.endStruct();
  }
  footer.binary(6, 'stationwatch sample writer');
  footer.endStruct();
  const length = Buffer.alloc(4);
  length.writeUInt32LE(footer.bytes.length);
  parts.push(Uint8Array.from(footer.bytes), length, Buffer.from('PAR1'));
  writeFileSync(path, Buffer.concat(parts));
}
