import type { Settings } from '../../src-shared/settings/schema';
import { isTimeZone } from '../../src-shared/settings/shape';
import { systemZone } from '../time/control-room-time';

/** The zones the runtime knows, offered as suggestions; typing any other IANA name works too. */
const KNOWN_ZONES: readonly string[] = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];

/** Operator name for the audit trail, theme, the control-room time zone, and the optional online map tiles. */
export function GeneralFields(props: { readonly settings: Settings; readonly onChange: (settings: Settings) => void }) {
  const { settings, onChange } = props;
  const tile = settings.ui.tileUrl ?? '';
  const tileInvalid = tile !== '' && !/^https?:\/\/[^\s]+\{z\}[^\s]*$/.test(tile);
  const zone = settings.ui.timeZone ?? '';
  const zoneInvalid = zone !== '' && !isTimeZone(zone);
  return (
    <fieldset className="fieldset">
      <legend>General</legend>
      <div className="form-grid">
        <label className="field">
          <span>Operator on duty (audit trail)</span>
          <input value={settings.operator ?? ''} placeholder="OS user name" onChange={(e) => onChange({ ...settings, operator: e.target.value.trim() === '' ? null : e.target.value })} />
        </label>
        <label className="field">
          <span>Theme</span>
          <select value={settings.ui.theme} data-testid="theme" onChange={(e) => onChange({ ...settings, ui: { ...settings.ui, theme: e.target.value as 'dark' | 'light' } })}>
            <option value="dark">Dark (control room)</option>
            <option value="light">Light</option>
          </select>
        </label>
        <label className="field">
          <span>Control-room time zone (every time shown uses it)</span>
          <input value={zone} data-testid="time-zone" list="known-time-zones" placeholder={`System: ${systemZone()}`} aria-invalid={zoneInvalid} onChange={(e) => onChange({ ...settings, ui: { ...settings.ui, timeZone: e.target.value.trim() === '' ? null : e.target.value.trim() } })} />
          <datalist id="known-time-zones">{KNOWN_ZONES.map((z) => <option key={z} value={z} />)}</datalist>
          {zoneInvalid && <span className="field-error" role="alert">Not a known IANA time zone (e.g. Europe/Amsterdam, America/New_York, UTC).</span>}
          {!zoneInvalid && <span className="field-hint">Empty: the system's zone. CSV exports keep UTC and add this zone's local time.</span>}
        </label>
        <label className="field wide">
          <span>Map tile URL (optional, e.g. https://tiles.city.local/{'{z}/{x}/{y}'}.png)</span>
          <input value={tile} data-testid="tile-url" aria-invalid={tileInvalid} onChange={(e) => onChange({ ...settings, ui: { ...settings.ui, tileUrl: e.target.value.trim() === '' ? null : e.target.value.trim() } })} />
          {tileInvalid && <span className="field-error" role="alert">Expected an http(s) URL with {'{z}'}, {'{x}'} and {'{y}'}.</span>}
          {!tileInvalid && <span className="field-hint">Saving a different tile server reloads the window: its security policy allows images from exactly that host.</span>}
        </label>
        <label className="field wide">
          <span>Offline basemap file (optional: one PMTiles file of vector tiles, path on the machine serving the UI)</span>
          <input value={settings.ui.basemapFile ?? ''} data-testid="basemap-file" placeholder="/srv/maps/city.pmtiles" onChange={(e) => onChange({ ...settings, ui: { ...settings.ui, basemapFile: e.target.value.trim() === '' ? null : e.target.value.trim() } })} />
          <span className="field-hint">Drawn under the districts instead of the online tile server; works with no network.</span>
        </label>
      </div>
    </fieldset>
  );
}
