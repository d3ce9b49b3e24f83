import type { z } from 'zod';
import { ScenarioSchema } from '../../src-shared/settings/schema';
import type { Scenario, SimulatorSourceSchema } from '../../src-shared/settings/schema';

type Simulator = z.infer<typeof SimulatorSourceSchema>;

function numberField(label: string, value: number, onChange: (n: number) => void, testId: string, step = 'any') {
  return (
    <label className="field">
      <span>{label}</span>
      <input type="number" step={step} value={Number.isFinite(value) ? value : ''} data-testid={testId} onChange={(e) => onChange(e.target.valueAsNumber)} />
    </label>
  );
}

/** The built-in simulator: station count, rate, seed, outliers, speed and one scenario. */
export function SimulatorFields(props: { readonly source: Simulator; readonly onChange: (source: Simulator) => void }) {
  const { source, onChange } = props;
  const scenario: Scenario | undefined = source.scenarios[0];
  const setScenario = (next: Scenario | null) => onChange({ ...source, scenarios: next === null ? [] : [next, ...source.scenarios.slice(1)] });
  return (
    <fieldset className="fieldset">
      <legend>Simulator</legend>
      <div className="form-grid">
        {numberField('Stations', source.stations, (n) => onChange({ ...source, stations: n }), 'sim-stations', '1')}
        {numberField('Readings/s per station', source.ratePerStation, (n) => onChange({ ...source, ratePerStation: n }), 'sim-rate')}
        {numberField('Seed', source.seed, (n) => onChange({ ...source, seed: n }), 'sim-seed', '1')}
        {numberField('Outlier rate (0–1)', source.outlierRate, (n) => onChange({ ...source, outlierRate: n }), 'sim-outliers')}
        {numberField('Speed (× real time)', source.speed, (n) => onChange({ ...source, speed: n }), 'sim-speed')}
        <label className="field">
          <span>Scenario</span>
          <select value={scenario?.kind ?? ''} data-testid="sim-scenario" onChange={(e) => setScenario(e.target.value === '' ? null : ScenarioSchema.parse({ ...scenario, kind: e.target.value }))}>
            <option value="">None</option>
            <option value="heatwave">Heatwave</option>
            <option value="stuck-sensor">Stuck sensor</option>
            <option value="station-offline">Station offline</option>
            <option value="burst">Burst</option>
          </select>
        </label>
        {scenario !== undefined && (
          <>
            <label className="field">
              <span>Target (station or district; empty = first)</span>
              <input value={scenario.target ?? ''} data-testid="sim-target" onChange={(e) => setScenario({ ...scenario, target: e.target.value === '' ? null : e.target.value })} />
            </label>
            {numberField('Starts after (s)', scenario.startAfterMs / 1000, (n) => setScenario({ ...scenario, startAfterMs: Math.round(n * 1000) }), 'sim-start')}
            {numberField('Lasts (s)', scenario.durationMs / 1000, (n) => setScenario({ ...scenario, durationMs: Math.round(n * 1000) }), 'sim-duration')}
          </>
        )}
      </div>
    </fieldset>
  );
}
