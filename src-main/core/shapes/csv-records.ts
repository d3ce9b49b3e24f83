/** CSV records keyed by the configured columns, or the first problem in words. */
export type CsvResult = { readonly ok: true; readonly records: Record<string, string>[] } | { readonly ok: false; readonly problem: string };

/**
 * Splits a message of CSV lines (RFC 4180: "…" quotes a cell, "" inside is one quote; \n or \r\n
 * ends a line) into one record per line, keyed by `columns`. Empty lines and a line equal to the
 * header are skipped; unquoted cells are trimmed; every cell stays text (the mapping reads numbers,
 * so a station "007" stays "007"). A line with another cell count is refused. A message is one
 * Kafka / MQTT payload, so this is a small splitter rather than a streaming CSV library.
 */
export function parseCsvRecords(text: string, columns: readonly string[], delimiter: string): CsvResult {
  const separator = delimiter.charCodeAt(0);
  const records: Record<string, string>[] = [];
  const cells: string[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    cells.length = 0;
    let isBlank = true;
    // One line.
    for (;;) {
      let cell: string;
      if (text.charCodeAt(i) === 0x22) {
        const quoted = readQuoted(text, i);
        if (quoted === null) return { ok: false, problem: `CSV line ${line}: a quoted cell is not closed` };
        cell = quoted.cell;
        i = quoted.end;
        isBlank = false;
        const next = text.charCodeAt(i);
        if (i < n && next !== separator && next !== 0x0a && next !== 0x0d) return { ok: false, problem: `CSV line ${line}: text after a closing quote` };
      } else {
        let end = i;
        while (end < n) {
          const c = text.charCodeAt(end);
          if (c === separator || c === 0x0a || c === 0x0d) break;
          end++;
        }
        cell = text.slice(i, end).trim();
        if (cell.length > 0) isBlank = false;
        i = end;
      }
      cells.push(cell);
      if (text.charCodeAt(i) === separator) {
        i++;
        isBlank = false;
        continue;
      }
      break;
    }
    if (text.charCodeAt(i) === 0x0d) i++;
    i++; // past "\n" (or the end)
    if (!isBlank && !isHeader(cells, columns)) {
      if (cells.length !== columns.length) {
        return { ok: false, problem: `CSV line ${line} has ${cells.length} cells; the configured header (${columns.join(delimiter)}) has ${columns.length}` };
      }
      const record: Record<string, string> = {};
      for (let c = 0; c < columns.length; c++) {
        const name = columns[c] as string;
        if (name === '__proto__') Object.defineProperty(record, name, { value: cells[c], enumerable: true, writable: true, configurable: true });
        else record[name] = cells[c] as string;
      }
      records.push(record);
    }
    line++;
  }
  return { ok: true, records };
}

function readQuoted(text: string, start: number): { cell: string; end: number } | null {
  let cell = '';
  let chunk = start + 1;
  for (let i = chunk; i < text.length; i++) {
    if (text.charCodeAt(i) !== 0x22) continue;
    cell += text.slice(chunk, i);
    if (text.charCodeAt(i + 1) === 0x22) {
      cell += '"';
      chunk = ++i + 1;
      continue;
    }
    return { cell, end: i + 1 };
  }
  return null;
}

function isHeader(cells: readonly string[], columns: readonly string[]): boolean {
  if (cells.length !== columns.length) return false;
  for (let c = 0; c < cells.length; c++) if (cells[c] !== columns[c]) return false;
  return true;
}
