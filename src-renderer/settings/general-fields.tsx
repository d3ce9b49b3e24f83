import type { Settings } from '../../src-shared/settings/schema';

/** Operator name for the audit trail, theme, and the optional online map tiles. */
export function GeneralFields(props: { readonly settings: Settings; readonly onChange: (settings: Settings) => void }) {
  const { settings, onChange } = props;
  const tile = settings.ui.tileUrl ?? '';
  const tileInvalid = tile !== '' && !/^https?:\/\/[^\s]+\{z\}[^\s]*$/.test(tile);
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
