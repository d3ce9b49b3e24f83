/** Where a station stands, as air-quality networks classify sites (EU 2008/50/EC Annex III; EEA station types). */
export type StationType = 'traffic' | 'urban-background' | 'industrial' | 'rural';

/** Every station type, in the order menus and import messages list them. */
export const STATION_TYPES: readonly StationType[] = ['traffic', 'urban-background', 'industrial', 'rural'];

/** A reference (or equivalent) analyser, or a low-cost sensor whose data is indicative only. */
export type InstrumentClass = 'reference' | 'low-cost';

/** Every instrument class. */
export const INSTRUMENT_CLASSES: readonly InstrumentClass[] = ['reference', 'low-cost'];

/**
 * A sensor station in the registry. Coordinates are null for stations seen in data but never placed ("unplaced").
 * The air-quality metadata is optional: null (or absent, for stations built before it existed) = not known.
 */
export interface Station {
  readonly id: string;
  readonly name: string;
  readonly district: string;
  readonly lat: number | null;
  readonly lon: number | null;
  readonly stationType?: StationType | null;
  readonly instrumentClass?: InstrumentClass | null;
  /** When the instruments are due for calibration: UTC midnight of the due date, epoch ms. */
  readonly calibrationDueAt?: number | null;
}

/** Display names of the station types. */
export const STATION_TYPE_LABEL: Readonly<Record<StationType, string>> = {
  traffic: 'Traffic',
  'urban-background': 'Urban background',
  industrial: 'Industrial',
  rural: 'Rural',
};
