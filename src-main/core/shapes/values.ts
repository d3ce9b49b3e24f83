import { quoteForDetail } from '../decoder/identifier';

/** An integer too long for a double to hold exactly (a Python int, epoch nanoseconds); kept as its digits, an optional "-" first. */
export class LongInteger {
  constructor(readonly digits: string) {}
}

/** A value in plain words for a rejection detail, without serialising deep data. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (value instanceof LongInteger) return `the integer ${value.digits.length > 40 ? value.digits.slice(0, 40) + '…' : value.digits}`;
  if (Array.isArray(value)) return `a list (${value.length} items)`;
  switch (typeof value) {
    case 'string':
      return `the text ${quoteForDetail(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a text cell spells (CSV): decimal notation only, so "0x10", "" and " " are not numbers; NaN otherwise. */
export function numberFromText(text: string): number {
  return text.length > 0 && text.length <= 400 && NUMBER_TEXT.test(text) ? Number(text) : NaN;
}
