/**
 * Reading the air-quality metadata cells of a station file: site type, instrument class and
 * calibration due date. Each answers with the value, undefined for a blank cell, or a plain problem.
 */
import { INSTRUMENT_CLASSES, STATION_TYPES, type InstrumentClass, type StationType } from '../../../src-shared/domain/station';

/** A cell read: its value (undefined = blank) or why it cannot be used. */
export type FieldResult<T> = { readonly value: T | undefined } | { readonly problem: string };

const DAY_MS = 86_400_000;

/** Spellings seen in network registries (EEA "traffic"/"background"/"industrial", area "urban"/"rural"). */
const TYPE_WORDS: Readonly<Record<string, StationType>> = {
  traffic: 'traffic',
  'urban-background': 'urban-background',
  'urban background': 'urban-background',
  'suburban background': 'urban-background',
  background: 'urban-background',
  industrial: 'industrial',
  industry: 'industrial',
  rural: 'rural',
  'rural background': 'rural',
};

const INSTRUMENT_WORDS: Readonly<Record<string, InstrumentClass>> = {
  reference: 'reference',
  'reference method': 'reference',
  equivalent: 'reference',
  'low-cost': 'low-cost',
  'low cost': 'low-cost',
  lowcost: 'low-cost',
  sensor: 'low-cost',
  indicative: 'low-cost',
};

/** traffic, urban background, industrial or rural (case, hyphens and underscores do not matter). */
export function parseStationType(cell: unknown): FieldResult<StationType> {
  return fromWords(cell, TYPE_WORDS, `station type "${String(cell)}" is not one of ${STATION_TYPES.join(', ')}`);
}

/** reference or low-cost. */
export function parseInstrumentClass(cell: unknown): FieldResult<InstrumentClass> {
  return fromWords(cell, INSTRUMENT_WORDS, `instrument class "${String(cell)}" is not one of ${INSTRUMENT_CLASSES.join(', ')}`);
}

/** A calendar date YYYY-MM-DD, as UTC midnight in epoch ms. */
export function parseCalibrationDue(cell: unknown): FieldResult<number> {
  if (isBlank(cell)) return { value: undefined };
  const text = String(cell).trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return { problem: `calibration due date "${text}" is not a date like 2026-03-31` };
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const at = Date.UTC(year, month - 1, day);
  const check = new Date(at);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return { problem: `calibration due date "${text}" does not exist` };
  return { value: Math.floor(at / DAY_MS) * DAY_MS };
}

/** A date in the form the import reads (for writing a station file back out). */
export function formatCalibrationDue(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

function fromWords<T>(cell: unknown, words: Readonly<Record<string, T>>, problem: string): FieldResult<T> {
  if (isBlank(cell)) return { value: undefined };
  const key = String(cell).trim().toLowerCase().replace(/_/g, ' ').replace(/\s+/g, ' ');
  for (const candidate of [key, key.replace(/-/g, ' '), key.replace(/ /g, '-')]) {
    // Own keys only: "constructor" is no station type.
    if (Object.hasOwn(words, candidate)) return { value: words[candidate] as T };
  }
  return { problem };
}

function isBlank(cell: unknown): boolean {
  return cell === undefined || cell === null || String(cell).trim() === '';
}
