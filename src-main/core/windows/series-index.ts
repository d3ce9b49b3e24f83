/**
 * Dense index from (row, column) slots to a series number, -1 when absent. Rows are station slots
 * (plus one row for city-wide series), columns metric slots. It is a flat Int32Array whose two
 * dimensions double on demand, so a lookup is one multiply-add and one load, and memory follows the
 * slots actually in use, not the caps.
 */
export class SeriesIndex {
  private table: Int32Array;
  private rows: number;
  private columns: number;

  constructor(initialRows = 64, initialColumns = 16) {
    this.rows = initialRows;
    this.columns = initialColumns;
    this.table = new Int32Array(this.rows * this.columns).fill(-1);
  }

  /** The series at (row, column), or -1. Hot path. */
  get(row: number, column: number): number {
    if (row >= this.rows || column >= this.columns) return -1;
    return this.table[row * this.columns + column]!;
  }

  /** Records the series at (row, column), growing the table when needed. */
  set(row: number, column: number, series: number): void {
    if (row >= this.rows || column >= this.columns) this.grow(row, column);
    this.table[row * this.columns + column] = series;
  }

  private grow(row: number, column: number): void {
    let rows = this.rows;
    let columns = this.columns;
    while (rows <= row) rows *= 2;
    while (columns <= column) columns *= 2;
    const table = new Int32Array(rows * columns).fill(-1);
    for (let r = 0; r < this.rows; r++) {
      table.set(this.table.subarray(r * this.columns, (r + 1) * this.columns), r * columns);
    }
    this.table = table;
    this.rows = rows;
    this.columns = columns;
  }
}
