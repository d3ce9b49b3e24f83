/**
 * The plain-words reason of a data-quality flag, as the tooltip and the health page show it: what was
 * seen, against what, and what happens to the hour.
 */
import { CONCENTRATION_UNIT, POLLUTANT_LABEL, type Pollutant } from './pollutants';
import type { PhysicalRange } from './quality-flags';

/** The evidence of one flag, by kind. */
export type FlagFacts =
  | { readonly kind: 'out-of-range'; readonly pollutant: Pollutant; readonly value: number; readonly range: PhysicalRange }
  | { readonly kind: 'stuck'; readonly pollutant: Pollutant; readonly value: number; readonly readings: number; readonly hours: number }
  /** `outcome`: the next hour went back to the level before the jump, or was missing or unusable. */
  | { readonly kind: 'spike'; readonly pollutant: Pollutant; readonly change: number; readonly scale: number; readonly k: number; readonly neighbours: number; readonly outcome: 'returned' | 'unconfirmed' }
  /** `difference`: the value less what the neighbours point to (their readings through the station's usual relation to each). */
  | { readonly kind: 'drift' | 'local-event'; readonly pollutant: Pollutant; readonly difference: number; readonly neighbours: number; readonly stationType: string; readonly hours: number };

/** "PM10 read 6200 µg/m³, outside the plausible range −5 to 5000 µg/m³: the hour is left out." */
export function flagReason(facts: FlagFacts): string {
  const name = POLLUTANT_LABEL[facts.pollutant];
  const unit = CONCENTRATION_UNIT[facts.pollutant];
  switch (facts.kind) {
    case 'out-of-range':
      return `${name} read ${number(facts.value)} ${unit}, outside the plausible range ${number(facts.range.min)} to ${number(facts.range.max)} ${unit}: the hour is left out.`;
    case 'stuck':
      return `${name} has read exactly ${number(facts.value)} ${unit} for ${facts.readings} readings over ${facts.hours} hours: the sensor looks stuck, the hour is left out.`;
    case 'spike': {
      const seen = facts.neighbours >= 3 ? 'the neighbouring stations did not see it' : 'no neighbouring station could confirm it';
      const next = facts.outcome === 'returned' ? 'the next hour went back' : 'no usable next hour confirmed the new level';
      return `${name} jumped by ${signed(facts.change)} ${unit} in one hour, more than ${facts.k} times the typical hourly change (${number(facts.scale)} ${unit}), ${seen}, and ${next}: left out as a spike.`;
    }
    case 'drift':
    case 'local-event': {
      const side = facts.difference > 0 ? 'above' : 'below';
      const peers = `what ${facts.neighbours} neighbouring ${facts.stationType.replace('-', ' ')} stations point to`;
      const hours = facts.hours === 1 ? 'this hour' : `for ${facts.hours} hours in a row`;
      return facts.kind === 'drift'
        ? `${name} reads ${number(Math.abs(facts.difference))} ${unit} ${side} ${peers} ${hours} while they agree with each other: the sensor may be drifting (check its calibration); left out.`
        : `${name} reads ${number(Math.abs(facts.difference))} ${unit} ${side} ${peers} ${hours}: possibly a local event; the hour is counted.`;
    }
  }
}

function number(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function signed(value: number): string {
  return `${value >= 0 ? '+' : '−'}${number(Math.abs(value))}`;
}
