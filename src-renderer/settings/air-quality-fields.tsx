import type { AirQualitySettings, Settings } from '../../src-shared/settings/schema';
import { isTimeZone } from '../../src-shared/settings/shape';

/** The index choices, as the map legend names them. */
const INDICES: readonly { readonly value: AirQualitySettings['index']; readonly label: string }[] = [
  { value: 'eea', label: 'European Air Quality Index (EEA, levels 1–6)' },
  { value: 'epa', label: 'US AQI (EPA, NowCast, 0–500)' },
];

/** The standard sets compliance is judged against. */
const STANDARDS: readonly { readonly value: AirQualitySettings['standard']; readonly label: string }[] = [
  { value: '2008/50/EC', label: 'Directive 2008/50/EC (limit values in force)' },
  { value: '2024/2881', label: 'Directive (EU) 2024/2881 (2030 limit values)' },
];

/**
 * Air quality for this installation: which index the map and tooltips show, which EU standard set the
 * compliance figures use, and the zone whose local days and years they count. Saving a change restarts the
 * engine (the live counters are built for one standard and zone), so the index shows again after the next hour closes.
 */
export function AirQualityFields(props: { readonly settings: Settings; readonly onChange: (settings: Settings) => void }) {
  const { settings, onChange } = props;
  const air = settings.airQuality;
  const set = (patch: Partial<AirQualitySettings>) => onChange({ ...settings, airQuality: { ...air, ...patch } });
  const zoneInvalid = !isTimeZone(air.timeZone);
  return (
    <fieldset className="fieldset" data-testid="air-quality-settings">
      <legend>Air quality</legend>
      <div className="form-grid">
        <label className="field">
          <span>Index shown on the map</span>
          <select value={air.index} data-testid="air-index" onChange={(e) => set({ index: e.target.value as AirQualitySettings['index'] })}>
            {INDICES.map((i) => <option key={i.value} value={i.value}>{i.label}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Limit values for compliance</span>
          <select value={air.standard} data-testid="air-standard" onChange={(e) => set({ standard: e.target.value as AirQualitySettings['standard'] })}>
            {STANDARDS.map((s) => <option key={s.value} value={s.value}>{s.label}</option>)}
          </select>
        </label>
        <label className="field">
          <span>Time zone of the legal days and years</span>
          <input value={air.timeZone} data-testid="air-time-zone" list="known-time-zones" aria-invalid={zoneInvalid} onChange={(e) => set({ timeZone: e.target.value.trim() })} />
          {zoneInvalid && <span className="field-error" role="alert">Not a known IANA time zone (e.g. Europe/Amsterdam).</span>}
          {!zoneInvalid && <span className="field-hint">Daily means and calendar years follow this zone&apos;s local midnight.</span>}
        </label>
      </div>
      <p className="hint">Saving a change restarts the engine: the live compliance counters start again and the index returns when the next hour closes.</p>
    </fieldset>
  );
}

/** Why the air-quality settings cannot be saved, or null. */
export function airQualityProblem(air: AirQualitySettings): string | null {
  return isTimeZone(air.timeZone) ? null : `Air quality: “${air.timeZone}” is not a known IANA time zone.`;
}
