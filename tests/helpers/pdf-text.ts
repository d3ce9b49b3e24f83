/**
 * Just enough PDF reading for tests of Chromium's printed output: the page count, and the text of the
 * page content (Flate streams inflated; glyph codes mapped through each font's ToUnicode CMap). Not a
 * general PDF parser: it assumes the object layout Chromium (Skia) writes.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  readonly dict: string;
  readonly stream: Buffer | null;
}

/** Pages in the document (objects of /Type /Page, not /Pages). */
export function pdfPageCount(pdf: Buffer): number {
  return [...objects(pdf).values()].filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict)).length;
}

/** The document's text in content order, fonts decoded through their ToUnicode maps. */
export function pdfText(pdf: Buffer): string {
  const objs = objects(pdf);
  const cmapOf = new Map<string, Map<string, string>>();
  for (const o of objs.values()) {
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(o.dict);
    if (fonts === null) continue;
    for (const [, name, ref] of fonts[1]!.matchAll(/\/([^\s/]+)\s+(\d+)\s+0\s+R/g)) {
      const font = objs.get(Number(ref));
      const toUnicode = font === undefined ? null : /\/ToUnicode\s+(\d+)\s+0\s+R/.exec(font.dict);
      const cmap = toUnicode === null ? undefined : objs.get(Number(toUnicode[1]))?.stream;
      if (cmap) cmapOf.set(name!, parseCmap(cmap.toString('latin1')));
    }
  }
  let out = '';
  for (const o of objs.values()) {
    if (o.stream === null || !/\bTf\b/.test(o.stream.toString('latin1'))) continue;
    let cmap = new Map<string, string>();
    for (const [, font, hexes] of o.stream.toString('latin1').matchAll(/\/([^\s/]+)\s+[\d.]+\s+Tf|((?:<[0-9A-Fa-f]*>\s*-?[\d.]*\s*)+)\]?\s*T[Jj]/g)) {
      if (font !== undefined) cmap = cmapOf.get(font) ?? new Map();
      else for (const [, hex] of hexes!.matchAll(/<([0-9A-Fa-f]*)>/g)) out += decode(hex!, cmap);
      if (font === undefined) out += ' ';
    }
    out += '\n';
  }
  return out;
}

function decode(hex: string, cmap: ReadonlyMap<string, string>): string {
  const width = cmap.size > 0 ? [...cmap.keys()][0]!.length : 4;
  let text = '';
  for (let i = 0; i + width <= hex.length; i += width) text += cmap.get(hex.slice(i, i + width).toUpperCase()) ?? '';
  return text;
}

function parseCmap(text: string): Map<string, string> {
  const map = new Map<string, string>();
  const utf16 = (hex: string): string => String.fromCharCode(...(hex.match(/.{4}/g) ?? []).map((h) => parseInt(h, 16)));
  for (const [, block] of text.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) for (const [, src, dst] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(src!.toUpperCase(), utf16(dst!));
  for (const [, block] of text.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, dst] of block!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      const start = parseInt(lo!, 16);
      for (let code = start; code <= parseInt(hi!, 16); code++) {
        const base = parseInt(dst!, 16) + (code - start);
        map.set(code.toString(16).toUpperCase().padStart(lo!.length, '0'), String.fromCharCode(base));
      }
    }
  }
  return map;
}

/** Every `n 0 obj … endobj`, its dictionary and its stream (inflated when Flate-encoded). */
function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const found = new Map<number, PdfObject>();
  for (const match of text.matchAll(/(\d+)\s+0\s+obj\b([\s\S]*?)\bendobj/g)) {
    const body = match[2]!;
    const at = body.search(/\bstream\r?\n/);
    if (at < 0) {
      found.set(Number(match[1]), { dict: body, stream: null });
      continue;
    }
    const dict = body.slice(0, at);
    const start = at + body.slice(at).indexOf('\n') + 1;
    const end = body.lastIndexOf('endstream');
    const raw = Buffer.from(body.slice(start, end).replace(/\r?\n$/, ''), 'latin1');
    let stream: Buffer = raw;
    if (/\/FlateDecode/.test(dict)) {
      try {
        stream = inflateSync(raw);
      } catch {
        stream = Buffer.alloc(0);
      }
    }
    found.set(Number(match[1]), { dict, stream });
  }
  return found;
}
