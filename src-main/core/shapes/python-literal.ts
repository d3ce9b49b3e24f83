import { LongInteger } from './values';

/** Deepest nesting of dicts, lists and tuples accepted (the parser recurses; this bounds the stack). */
export const MAX_LITERAL_DEPTH = 64;

/** A parsed literal, or why the text is not one (with the character position). */
export type LiteralResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string; readonly at: number };

/**
 * Parses a Python literal as `repr`/`str()` writes it — `{'station_id': 'st-1', 'temperature': 24.7,
 * 'ok': True, 'note': None}` — into JSON-like values: dict → object (keys text, or integers as their
 * digits), list / tuple / set → array, str → string, int / float → number (ints beyond 2^53 as a
 * LongInteger, so epoch nanoseconds keep every digit), True / False → boolean, None → null.
 * Anything else — a name, a call such as datetime.datetime(…), an operator, bytes, f-strings,
 * complex numbers — is refused with its position. Nothing is ever evaluated. Never throws.
 */
export function parsePythonLiteral(text: string): LiteralResult {
  const parser = new LiteralParser(text);
  try {
    parser.skipSpace();
    const value = parser.value(0);
    parser.skipSpace();
    if (parser.at < text.length) parser.fail(`unexpected ${parser.describeHere()} after the literal`);
    return { ok: true, value };
  } catch (error) {
    if (error instanceof LiteralError) return { ok: false, problem: error.message, at: error.at };
    return { ok: false, problem: `could not be parsed (${error instanceof Error ? error.message : String(error)})`, at: parser.at };
  }
}

class LiteralError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c >= 0x80;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/** True when the number at `start` begins 0x, 0o or 0b (where e is a digit, not an exponent). */
function isRadixPrefix(text: string, start: number): boolean {
  const second = text.charCodeAt(start + 1) | 0x20;
  return text.charCodeAt(start) === 0x30 && (second === 0x78 || second === 0x6f || second === 0x62);
}

/** Sets a dict entry; "__proto__" becomes an own field (as JSON.parse makes it), never the prototype. */
function assign(result: Record<string, unknown>, key: string, item: unknown): void {
  if (key === '__proto__') Object.defineProperty(result, key, { value: item, enumerable: true, writable: true, configurable: true });
  else result[key] = item;
}
const DECIMAL = /^(?:\d(?:_?\d)*)?(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?$/;
const SAFE_DIGITS = 15;

class LiteralParser {
  at = 0;
  constructor(private readonly text: string) {}

  fail(message: string, at = this.at): never {
    throw new LiteralError(message, at);
  }

  skipSpace(): void {
    const text = this.text;
    let c = text.charCodeAt(this.at);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c) c = text.charCodeAt(++this.at);
  }

  describeHere(): string {
    if (this.at >= this.text.length) return 'end of text';
    return `character ${JSON.stringify(this.text.slice(this.at, this.at + 1))}`;
  }

  value(depth: number): unknown {
    const c = this.text.charCodeAt(this.at);
    if (c === 0x27 || c === 0x22) return this.strings();
    if (c === 0x7b) return this.dict(depth + 1);
    if (c === 0x5b) return this.sequence(depth + 1, 0x5d);
    if (c === 0x28) return this.tuple(depth + 1);
    if ((c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d || c === 0x2b) return this.number();
    if (Number.isNaN(c)) this.fail('the text ends where a value was expected');
    if (isNameStart(c)) return this.name();
    return this.fail(`unexpected ${this.describeHere()} where a value was expected`);
  }

  private enter(depth: number): void {
    if (depth > MAX_LITERAL_DEPTH) this.fail(`nested more than ${MAX_LITERAL_DEPTH} levels deep`);
    this.at++;
    this.skipSpace();
  }

  private dict(depth: number): unknown {
    this.enter(depth);
    const result: Record<string, unknown> = {};
    if (this.text.charCodeAt(this.at) === 0x7d) {
      this.at++;
      return result;
    }
    const first = this.value(depth);
    this.skipSpace();
    if (this.text.charCodeAt(this.at) !== 0x3a) return this.setRest(first, depth); // {1, 2}: a set
    for (let key = first; ; ) {
      const keyAt = this.at;
      this.at++; // ':'
      this.skipSpace();
      assign(result, this.dictKey(key, keyAt), this.value(depth));
      this.skipSpace();
      if (!this.separator(0x7d)) return result;
      key = this.value(depth);
      this.skipSpace();
      if (this.text.charCodeAt(this.at) !== 0x3a) this.fail(`expected ":" after a dict key, found ${this.describeHere()}`);
    }
  }

  private dictKey(key: unknown, at: number): string {
    if (typeof key === 'string') return key;
    if (typeof key === 'number' && Number.isInteger(key)) return String(key);
    if (key instanceof LongInteger) return key.digits;
    return this.fail('a dict key must be a text or an integer', at);
  }

  private setRest(first: unknown, depth: number): unknown[] {
    const items = [first];
    while (this.separator(0x7d)) {
      items.push(this.value(depth));
      this.skipSpace();
    }
    return items;
  }

  private sequence(depth: number, close: number): unknown[] {
    this.enter(depth);
    const items: unknown[] = [];
    if (this.text.charCodeAt(this.at) === close) {
      this.at++;
      return items;
    }
    do {
      items.push(this.value(depth));
      this.skipSpace();
    } while (this.separator(close));
    return items;
  }

  /** `(1, 2)` and `(1,)` are tuples; `(1)` is just 1 in parentheses. */
  private tuple(depth: number): unknown {
    const start = this.at;
    const items = this.sequence(depth, 0x29);
    if (items.length !== 1) return items;
    let i = this.at - 2; // before ')'
    while (i > start && /\s/.test(this.text[i] as string)) i--;
    return this.text.charCodeAt(i) === 0x2c ? items : items[0];
  }

  /** After an item: true after a ",", false after the closing bracket (a trailing "," before it is fine). */
  private separator(close: number): boolean {
    const c = this.text.charCodeAt(this.at);
    if (c === close) {
      this.at++;
      return false;
    }
    if (c !== 0x2c) this.fail(`expected "," or "${String.fromCharCode(close)}", found ${this.describeHere()}`);
    this.at++;
    this.skipSpace();
    if (this.text.charCodeAt(this.at) === close) {
      this.at++;
      return false;
    }
    return true;
  }

  private name(): unknown {
    const start = this.at;
    const text = this.text;
    while (this.at < text.length && (isNameStart(text.charCodeAt(this.at)) || isDigit(text.charCodeAt(this.at)))) this.at++;
    const word = text.slice(start, this.at);
    if (word === 'True') return true;
    if (word === 'False') return false;
    if (word === 'None') return null;
    const quote = text.charCodeAt(this.at);
    if ((quote === 0x27 || quote === 0x22) && word.length <= 2 && /^[rRuUbBfF]+$/.test(word)) return this.prefixedString(word, start);
    let end = this.at;
    while (end < text.length && /[\w.]/.test(text[end] as string)) end++;
    const dotted = text.slice(start, end);
    if (text.charCodeAt(end) === 0x28) this.fail(`a call ${dotted}(…) is code, not a literal; nothing is evaluated`, start);
    return this.fail(`the name ${dotted} is not a literal (only texts, numbers, True, False, None, dicts, lists and tuples are)`, start);
  }

  private prefixedString(prefix: string, start: number): string {
    const lower = prefix.toLowerCase();
    if (lower.includes('f')) this.fail('an f-string is code, not a literal; nothing is evaluated', start);
    if (lower.includes('b')) this.fail('a bytes literal b\'…\' is not supported; send text', start);
    if (lower === 'ru' || lower === 'ur' || lower === 'uu' || lower === 'rr') this.fail(`"${prefix}" is not a string prefix`, start);
    return this.strings(lower === 'r');
  }

  /** One string literal, or several side by side ('a' 'b' is 'ab', as Python reads it). */
  private strings(isRaw = false): string {
    let result = this.string(isRaw);
    for (;;) {
      const save = this.at;
      this.skipSpace();
      const c = this.text.charCodeAt(this.at);
      if (c !== 0x27 && c !== 0x22) {
        this.at = save;
        return result;
      }
      result += this.string(false);
    }
  }

  private string(isRaw: boolean): string {
    const text = this.text;
    const start = this.at;
    const quote = text.charCodeAt(start);
    const isTriple = text.charCodeAt(start + 1) === quote && text.charCodeAt(start + 2) === quote;
    let i = start + (isTriple ? 3 : 1);
    let out = '';
    let chunk = i;
    for (;;) {
      if (i >= text.length) this.fail('a text literal is not closed', start);
      const c = text.charCodeAt(i);
      if (c === quote && (!isTriple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) break;
      if ((c === 0x0a || c === 0x0d) && !isTriple) this.fail('a line break inside a one-line text literal', i);
      if (c !== 0x5c) {
        i++;
        continue;
      }
      if (isRaw) {
        i += 2; // a raw string keeps the backslash, but an escaped quote does not end it
        continue;
      }
      out += text.slice(chunk, i);
      i = this.escape(i, (piece) => (out += piece));
      chunk = i;
    }
    out += text.slice(chunk, i);
    this.at = i + (isTriple ? 3 : 1);
    return out;
  }

  /** Decodes the escape at text[i] (a backslash) into `emit`; returns the index after it. */
  private escape(i: number, emit: (piece: string) => void): number {
    const text = this.text;
    const c = text[i + 1];
    const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };
    if (c === undefined) this.fail('a text literal ends in a backslash', i);
    if (Object.hasOwn(simple, c)) {
      emit(simple[c] as string);
      return i + 2;
    }
    if (c === '\r') return text[i + 2] === '\n' ? i + 3 : i + 2;
    if (c >= '0' && c <= '7') {
      let end = i + 1;
      while (end < i + 4 && /[0-7]/.test(text[end] ?? '')) end++;
      emit(String.fromCodePoint(parseInt(text.slice(i + 1, end), 8)));
      return end;
    }
    const width = c === 'x' ? 2 : c === 'u' ? 4 : c === 'U' ? 8 : 0;
    if (width > 0) {
      const hex = text.slice(i + 2, i + 2 + width);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === width ? parseInt(hex, 16) : NaN;
      if (!(code <= 0x10ffff)) this.fail(`a bad \\${c} escape in a text literal`, i);
      emit(String.fromCodePoint(code));
      return i + 2 + width;
    }
    if (c === 'N') this.fail('named escapes (\\N{…}) are not supported', i);
    emit('\\' + c); // Python keeps unknown escapes as written
    return i + 2;
  }

  private number(): unknown {
    const text = this.text;
    const start = this.at;
    let sign = '';
    if (text[this.at] === '-' || text[this.at] === '+') {
      sign = text[this.at] === '-' ? '-' : '';
      this.at++;
      this.skipSpace();
    }
    const bodyStart = this.at;
    for (;;) {
      const c = text.charCodeAt(this.at);
      if (!(isDigit(c) || c === 0x2e || (c < 0x80 && isNameStart(c)))) break;
      this.at++;
      const next = text.charCodeAt(this.at);
      if ((c === 0x65 || c === 0x45) && (next === 0x2b || next === 0x2d) && !isRadixPrefix(text, bodyStart)) this.at++;
    }
    const body = text.slice(bodyStart, this.at);
    if (body.length === 0) this.fail(`a sign must be followed by a number`, start);
    if (body.endsWith('j') || body.endsWith('J')) this.fail('complex numbers are not supported', start);
    const radix = /^0[xX]/.test(body) ? 16 : /^0[oO]/.test(body) ? 8 : /^0[bB]/.test(body) ? 2 : 10;
    if (radix !== 10) {
      const digits = body.slice(2).replace(/_/g, '');
      const valid = { 16: /^[0-9a-fA-F]+$/, 8: /^[0-7]+$/, 2: /^[01]+$/ }[radix];
      if (!valid?.test(digits) || /__|_$/.test(body)) this.fail(`${JSON.stringify(body)} is not a number`, start);
      const value = parseInt(digits, radix);
      return Number.isSafeInteger(value) ? (sign === '-' ? -value : value) : this.fail(`${JSON.stringify(body)} is too large`, start);
    }
    if (!DECIMAL.test(body) || body === '.' || /^[eE]/.test(body)) this.fail(`${JSON.stringify(body)} is not a number`, start);
    const clean = body.replace(/_/g, '');
    const isInteger = /^\d+$/.test(clean);
    if (isInteger && clean.length > 1 && clean.charCodeAt(0) === 0x30 && /[1-9]/.test(clean)) this.fail(`leading zeros in the integer ${JSON.stringify(body)} are not allowed`, start);
    if (isInteger && clean.length > SAFE_DIGITS) {
      const value = Number(clean);
      if (!Number.isSafeInteger(value)) return new LongInteger(sign + clean.replace(/^0+(?=\d)/, ''));
    }
    const value = Number(clean);
    return sign === '-' ? -value : value;
  }
}
