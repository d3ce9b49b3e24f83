import type { AirQualityFlag, StationAirIndex } from '../../src-shared/domain/air-quality';
import type { StreamFrame } from '../../src-shared/ipc/frame';
import { Observable } from '../data/observable';

/**
 * Each station's current air-quality index, outside React. Frames carry the whole list only when it
 * changed (and every few seconds): a frame without one keeps the last. The observable changes only
 * when the list does.
 */
export class AirIndexStore {
  readonly byStation = new Observable<ReadonlyMap<string, StationAirIndex>>(new Map());
  /** The automatic data-quality flags in force: the whole list (frames carry it when it changed and every few seconds). */
  readonly flags = new Observable<readonly AirQualityFlag[]>([]);
  private key = '';
  private flagsKey = '';

  ingest(frame: StreamFrame): void {
    this.ingestFlags(frame.airFlags);
    const list = frame.airQuality;
    if (list === undefined) return;
    const key = list.map((i) => `${i.stationId}:${i.index}:${i.value}:${i.decidingPollutant}:${i.hourStartMs}`).join('|');
    if (key === this.key) return;
    this.key = key;
    this.byStation.set(new Map(list.map((i) => [i.stationId, i])));
  }

  private ingestFlags(list: readonly AirQualityFlag[] | undefined): void {
    if (list === undefined) return;
    const key = list.map((f) => `${f.stationId}:${f.pollutant}:${f.kind}:${f.hourStartMs}`).join('|');
    if (key === this.flagsKey) return;
    this.flagsKey = key;
    this.flags.set(list);
  }
}

/** Names of the flag kinds as the tooltip and the health page show them. */
export const FLAG_KIND_NAME: Readonly<Record<AirQualityFlag['kind'], string>> = {
  'out-of-range': 'Out of range',
  stuck: 'Stuck sensor',
  spike: 'Spike',
  drift: 'Disagrees with neighbours (drift?)',
  'local-event': 'Disagrees with neighbours (local event?)',
};

/** The tooltip lines of a station's data-quality flags: the pollutant, the kind and the reason in plain words. */
export function airFlagLines(flags: readonly AirQualityFlag[], stationId: string): HTMLElement[] {
  return flags
    .filter((f) => f.stationId === stationId)
    .map((f) => {
      const line = document.createElement('div');
      line.className = `air-flag-line${f.isExcluded ? ' is-excluded' : ''}`;
      line.dataset.testid = 'tooltip-air-flag';
      line.dataset.kind = f.kind;
      line.textContent = `Data quality, ${pollutantName(f.pollutant)}: ${FLAG_KIND_NAME[f.kind]}. ${f.reason}`;
      return line;
    });
}

/** Display names of the pollutants (ids as in the catalogue). */
const POLLUTANT_NAMES: Readonly<Record<string, string>> = { pm10: 'PM10', pm25: 'PM2.5', no2: 'NO2', o3: 'O3', so2: 'SO2', co: 'CO' };

export function pollutantName(id: string): string {
  return POLLUTANT_NAMES[id] ?? id;
}

/** True for the metrics the compliance figures are about (the catalogue's pollutants). */
export function isPollutant(metric: string): boolean {
  return Object.hasOwn(POLLUTANT_NAMES, metric);
}

/** "European index 4 (Poor), decided by O3" or "US AQI 152 (Unhealthy), decided by PM2.5". */
export function airIndexText(index: StationAirIndex): string {
  const what = index.index === 'eea' ? `European index ${index.value}` : `US AQI ${index.value}`;
  return `${what} (${index.band}), decided by ${pollutantName(index.decidingPollutant)}`;
}

/** The tooltip line of a station's index: a colour swatch and the text. */
export function airIndexLine(index: StationAirIndex | undefined): HTMLElement | null {
  if (index === undefined) return null;
  const line = document.createElement('div');
  line.className = 'air-index-line';
  line.dataset.testid = 'tooltip-air-index';
  const swatch = line.appendChild(document.createElement('span'));
  swatch.className = 'air-swatch';
  swatch.style.background = index.colour;
  swatch.setAttribute('aria-hidden', 'true');
  line.appendChild(document.createTextNode(airIndexText(index)));
  return line;
}

/** The bands the stations are in now, best first, with how many stations are in each. */
export function legendBands(indices: Iterable<StationAirIndex>): { readonly band: string; readonly colour: string; readonly value: number; readonly index: 'eea' | 'epa'; readonly stations: number }[] {
  const byBand = new Map<string, { band: string; colour: string; value: number; index: 'eea' | 'epa'; stations: number }>();
  for (const i of indices) {
    const entry = byBand.get(i.band);
    if (entry === undefined) byBand.set(i.band, { band: i.band, colour: i.colour, value: i.value, index: i.index, stations: 1 });
    else {
      entry.stations++;
      entry.value = Math.min(entry.value, i.value);
    }
  }
  return [...byBand.values()].sort((a, b) => a.value - b.value);
}
