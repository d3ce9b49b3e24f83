/** A sensor station in the registry. Coordinates are null for stations seen in data but never placed ("unplaced"). */
export interface Station {
  readonly id: string;
  readonly name: string;
  readonly district: string;
  readonly lat: number | null;
  readonly lon: number | null;
}
