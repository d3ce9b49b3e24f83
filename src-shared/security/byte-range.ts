/**
 * One HTTP byte range (RFC 9110 §14.1.2) of a file of `size` bytes: [start, end] inclusive,
 * 'unsatisfiable' (answer 416), or null when there is none or it is ignored (several ranges, other units:
 * answering the whole file is allowed). PMTiles readers send single ranges.
 */
export function parseByteRange(header: string | undefined | null, size: number): { readonly start: number; readonly end: number } | 'unsatisfiable' | null {
  if (header === undefined || header === null) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return null;
  const first = match[1] as string;
  const last = match[2] as string;
  if (first === '' && last === '') return null;
  let start: number;
  let end: number;
  if (first === '') {
    // A suffix: the last N bytes.
    const length = Number(last);
    if (length === 0) return 'unsatisfiable';
    start = Math.max(0, size - length);
    end = size - 1;
  } else {
    start = Number(first);
    end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  }
  if (start >= size || start > end) return 'unsatisfiable';
  return { start, end };
}
