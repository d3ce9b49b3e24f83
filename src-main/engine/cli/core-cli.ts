/**
 * `npm run core -- --simulate --duration 30 [--scenario heatwave[:target]] [--speed 10]`: runs the
 * pipeline headless in this process, prints a live status line and a summary of alarms. `--help` lists
 * the options.
 */
import { parseArgs } from 'node:util';
import { userInfo } from 'node:os';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEngine } from '../process/engine';
import { defaultSettings, SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';
import type { Alarm, AlarmEvent } from '../../../src-shared/domain/alarms';
import { parseScenarioArg } from './scenario-arg';
import { commandLineOptions } from '../../cli/command-line';
import { SIMULATOR_OPTIONS_HELP } from '../../cli/simulator-help';

const CORE_USAGE = `usage: npm run core -- [options]

Runs the pipeline alone in this process on the built-in simulator, with an in-memory store: prints a
live status line and the alarms as they change, and a summary at the end (or on Ctrl-C).

Options [default]:
  --simulate           read from the built-in simulator, the only source here [on]
  --duration <s>       wall-clock seconds to run [30]
  --stations <n>       simulated stations [12]
  --rate <r>           readings per second per station [1]
${SIMULATOR_OPTIONS_HELP}
  -h, --help           print this help

Example:
  npm run core -- --simulate --duration 30 --speed 10 --scenario heatwave:st-03:60:300`;

const values = commandLineOptions({
  command: 'npm run core',
  usage: CORE_USAGE,
  parse: (argv) =>
    parseArgs({
      args: [...argv],
      strict: true,
      options: {
        simulate: { type: 'boolean', default: true },
        duration: { type: 'string', default: '30' },
        scenario: { type: 'string', multiple: true, default: [] },
        stations: { type: 'string', default: '12' },
        rate: { type: 'string', default: '1' },
        seed: { type: 'string', default: '42' },
        speed: { type: 'string', default: '1' },
        'no-outliers': { type: 'boolean', default: false },
      },
    }).values,
});

const durationSec = Number(values.duration);
const simulator = SimulatorSourceSchema.parse({
  kind: 'simulator',
  stations: Number(values.stations),
  ratePerStation: Number(values.rate),
  seed: Number(values.seed),
  speed: Number(values.speed),
  outlierRate: values['no-outliers'] ? 0 : undefined,
  scenarios: values.scenario.map(parseScenarioArg),
});
const base = defaultSettings();
const settings: Settings = { ...base, profiles: [{ id: 'cli', name: 'CLI', source: simulator, database: { kind: 'memory' } }], activeProfileId: 'cli' };

const changes: { alarm: Alarm; event: AlarmEvent }[] = [];
const engine = await startEngine({ settings, secrets: {}, dataDir: mkdtempSync(join(tmpdir(), 'stationwatch-core-')), operator: userInfo().username });
const started = Date.now();
engine.subscribe('alarm:changed', (change) => {
  changes.push(change);
  const { alarm, event } = change;
  const simSeconds = Math.round((Date.now() - started) * simulator.speed / 1000);
  process.stdout.write(`\r\x1b[K[sim +${simSeconds}s] ${event.type.toUpperCase()} ${alarm.severity} ${alarm.stationId} ${alarm.metric ?? ''}: ${alarm.message}\n`);
});
engine.subscribe('status:changed', (status) => {
  const open = changes.length;
  process.stdout.write(`\r\x1b[K${status.readingsPerSec.toFixed(0)} readings/s · ${status.counters.readings} readings · ${status.openWindows} open windows · ${status.counters.windowsClosed} closed · ${open} alarm events · rejected ${Object.values(status.counters.rejected).reduce((a, b) => a + b, 0)} · late ${status.counters.late} · outliers ${status.counters.outliers}`);
});

const stop = async () => {
  const status = await engine.request('pipeline:status', {});
  const alarms = await engine.request('alarms:list', { includeNormal: true, includeShelved: true });
  await engine.stop();
  console.log('\n\nSummary');
  console.log(`  readings: ${status.counters.readings} in ${((Date.now() - started) / 1000).toFixed(1)} s wall (${durationSec * simulator.speed} s simulated), windows closed: ${status.counters.windowsClosed}`);
  console.log(`  rejected: ${JSON.stringify(status.counters.rejected)}, late: ${status.counters.late}, duplicates: ${status.counters.duplicates}, outliers: ${status.counters.outliers}`);
  console.log(`  alarms: ${alarms.length}`);
  for (const a of alarms) console.log(`    ${a.state.padEnd(24)} ${a.severity.padEnd(8)} ${a.stationId.padEnd(8)} ${a.ruleId}: peak ${a.peakValue ?? '-'} (threshold ${a.threshold ?? '-'})`);
  process.exit(0);
};
setTimeout(() => void stop(), durationSec * 1000);
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
