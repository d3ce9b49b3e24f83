import { describe, expect, it } from 'vitest';
import { MAX_LITERAL_DEPTH, parsePythonLiteral } from './python-literal';
import { LongInteger } from './values';

function value(text: string): unknown {
  const result = parsePythonLiteral(text);
  if (!result.ok) throw new Error(`${result.problem} at ${result.at}`);
  return result.value;
}

function problem(text: string): string {
  const result = parsePythonLiteral(text);
  if (result.ok) throw new Error(`parsed: ${JSON.stringify(result.value)}`);
  return `${result.problem} @${result.at}`;
}

describe('parsePythonLiteral: what str(dict) writes', () => {
  it('reads the issue\'s example', () => {
    expect(value("{'station_id': 'station_3fa9c1d2e', 'temperature': 24.7, 'ok': True, 'note': None}")).toEqual({ station_id: 'station_3fa9c1d2e', temperature: 24.7, ok: true, note: null });
  });

  it('reads nested dicts, lists, tuples, sets and trailing commas', () => {
    expect(value("{'a': [1, 2.5, -3], 'b': (1,), 'c': (), 'd': {'e': {'f': False}}, 'g': (7), 'h': {1, 2},}")).toEqual({ a: [1, 2.5, -3], b: [1], c: [], d: { e: { f: false } }, g: 7, h: [1, 2] });
  });

  it('reads both quote styles and the escapes repr writes', () => {
    expect(value(`{"it's": 'say "hi"', 'esc': 'a\\'b\\\\c\\n\\t\\x41\\u00e9\\U0001F600\\101'}`)).toEqual({ "it's": 'say "hi"', esc: "a'b\\c\n\tAé😀A" });
    expect(value(`r'a\\d'`)).toBe('a\\d');
    expect(value(`'ab' "cd"`)).toBe('abcd');
    expect(value(`'''x'y'''`)).toBe("x'y");
    expect(value(`'\\q'`)).toBe('\\q'); // Python keeps unknown escapes
  });

  it('reads Python number spellings, and keeps every digit of integers beyond 2^53', () => {
    expect(value('[1_000, 0x1F, 0o17, 0b101, 1e3, 1.5E-2, .5, 5., -0.0, +4]')).toEqual([1000, 31, 15, 5, 1000, 0.015, 0.5, 5, -0, 4]);
    expect(value('1698501144401773000')).toEqual(new LongInteger('1698501144401773000'));
    expect(value('-1698501144401773000')).toEqual(new LongInteger('-1698501144401773000'));
    expect(value('9007199254740991')).toBe(9007199254740991);
  });

  it('keeps "__proto__" as an own key, never as the prototype, and turns integer keys into text', () => {
    const parsed = value("{'__proto__': {'polluted': 1}, 1: 'one'}") as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.keys(parsed)).toEqual(['1', '__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});

describe('parsePythonLiteral: anything but a literal is refused, never evaluated', () => {
  it('refuses calls, names and f-strings, saying where', () => {
    expect(problem("{'ts': datetime.datetime(2023, 1, 1, 0, 0)}")).toBe('a call datetime.datetime(…) is code, not a literal; nothing is evaluated @7');
    expect(problem("{'x': __import__('os').system('true')}")).toMatch(/^a call __import__\(…\) is code/);
    expect(problem("{'x': float('nan')}")).toMatch(/^a call float\(…\) is code/);
    expect(problem('[nan, inf]')).toMatch(/^the name nan is not a literal/);
    expect(problem("{'x': f'{y}'}")).toMatch(/^an f-string is code/);
    expect(problem("{'x': y}")).toMatch(/^the name y is not a literal/);
  });

  it('refuses operators, comprehensions, lambdas and other expressions', () => {
    expect(problem("{'x': 1 + 2}")).toMatch(/^expected "," or "}", found character "\+" @8/);
    expect(problem('[x for x in y]')).toMatch(/^the name x is not a literal/);
    expect(problem("{'x': lambda: 1}")).toMatch(/^the name lambda is not a literal/);
    expect(problem("{'x': 1j}")).toMatch(/^complex numbers are not supported/);
    expect(problem("{'x': b'raw'}")).toMatch(/^a bytes literal/);
    expect(problem("{'x': --1}")).toMatch(/^a sign must be followed by a number/);
    expect(problem('{**a}')).toMatch(/where a value was expected/);
  });

  it('refuses broken syntax with a position', () => {
    expect(problem("{'a': 1")).toMatch(/^expected "," or "}", found end of text @7/);
    expect(problem("{'a: 1}")).toMatch(/^a text literal is not closed @1/);
    expect(problem("{'a' 1}")).toMatch(/^expected ":" after a dict key|expected ","/);
    expect(problem("{'a': 1} extra")).toMatch(/after the literal/);
    expect(problem("'line\nbreak'")).toMatch(/line break/);
    expect(problem('0123')).toMatch(/leading zeros/);
    expect(problem('')).toMatch(/ends where a value was expected/);
    expect(problem("{[1]: 2}")).toMatch(/dict key must be a text or an integer/);
    expect(problem("'\\N{BULLET}'")).toMatch(/named escapes/);
    expect(problem("'\\xZZ'")).toMatch(/bad \\x escape/);
  });

  it('refuses nesting deeper than the limit without exhausting the stack', () => {
    expect(value('['.repeat(MAX_LITERAL_DEPTH) + ']'.repeat(MAX_LITERAL_DEPTH))).toBeDefined();
    expect(problem('['.repeat(MAX_LITERAL_DEPTH + 1) + ']'.repeat(MAX_LITERAL_DEPTH + 1))).toMatch(/nested more than 64 levels/);
    expect(problem('['.repeat(1_000_000))).toMatch(/nested more than 64 levels/);
    expect(problem('{'.repeat(200_000))).toMatch(/nested more than 64 levels/);
  });

  it('never throws on random bytes', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const alphabet = "{}[](),:'\"\\ 0123456789.eE+-_xobjTrueFalsNn#\n";
    for (let i = 0; i < 2_000; i++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      const result = parsePythonLiteral(text);
      expect(typeof result.ok).toBe('boolean');
    }
  });
});
