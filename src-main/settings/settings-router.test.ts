import { describe, expect, it } from 'vitest';
import type { RequestName } from '../../src-shared/ipc/contract';
import { defaultSettings, KafkaSourceSchema, SettingsSchema, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import type { EngineHandle, EngineOptions } from '../engine/engine-api';
import { readOnlySecrets } from './secret-source';
import { createSettingsRouter } from './settings-router';
import type { RestartableEngine } from './settings-router';
import { SettingsService } from './settings-service';

/** An engine host stand-in that records what it is asked; a restart takes `restartMs` and may fail. */
class RecordingEngine implements RestartableEngine {
  readonly restarts: EngineOptions[] = [];
  readonly requests: { name: RequestName; args: unknown }[] = [];
  running = 0;
  overlapped = false;
  failWith: string | null = null;
  constructor(private readonly restartMs = 0) {}
  async restart(options: EngineOptions): Promise<void> {
    this.running++;
    this.overlapped ||= this.running > 1;
    await new Promise((resolve) => setTimeout(resolve, this.restartMs));
    this.running--;
    if (this.failWith !== null) throw new Error(this.failWith);
    this.restarts.push(options);
  }
  request: EngineHandle['request'] = async (name, args) => {
    this.requests.push({ name, args });
    return null as never;
  };
  subscribe: EngineHandle['subscribe'] = () => () => undefined;
  stop: EngineHandle['stop'] = async () => null;
}

const simulator = SettingsSchema.parse({ activeProfileId: 'sim', profiles: [{ id: 'sim', name: 'Simulator', source: { kind: 'simulator' }, database: { kind: 'memory' } }] });
const withHeatwave: Settings = { ...simulator, profiles: [{ ...simulator.profiles[0]!, source: SimulatorSourceSchema.parse({ kind: 'simulator', scenarios: [{ kind: 'heatwave', target: 'st-03' }] }) }] };

function setUp(engine: RecordingEngine, settings: Settings = simulator) {
  const owner = new SettingsService({ file: null, loaded: { settings, notice: null }, secrets: readOnlySecrets(() => ({}), () => 'set it in the environment') });
  const engineOptions = (): EngineOptions => ({ settings: owner.settings, secrets: owner.secretValues(), dataDir: '/nonexistent', operator: 'duty' });
  return { owner, route: createSettingsRouter({ engine, settings: owner, engineOptions }) };
}

describe('settings router', () => {
  it('restarts the engine on a changed scenario with the new settings, and says so', async () => {
    const engine = new RecordingEngine();
    const { route } = setUp(engine);
    const view = await route('settings:save', { settings: withHeatwave, secrets: {} });
    expect(engine.restarts).toHaveLength(1);
    expect(engine.restarts[0]?.settings.profiles[0]?.source).toMatchObject({ kind: 'simulator', scenarios: [{ kind: 'heatwave', target: 'st-03' }] });
    expect(view.notice).toBe('The engine restarted with profile “Simulator”.');
    expect(engine.requests).toEqual([]);
  });

  it('applies other settings live, with the rules in force rather than the ones sent', async () => {
    const engine = new RecordingEngine();
    const inForce = simulator.rules.slice(0, 1);
    const { route } = setUp(engine, { ...simulator, rules: inForce });
    const view = await route('settings:save', { settings: { ...simulator, ui: { theme: 'light', tileUrl: null } }, secrets: {} });
    expect(engine.restarts).toEqual([]);
    expect(engine.requests).toEqual([{ name: 'settings:save', args: { settings: { ...simulator, rules: inForce, ui: { theme: 'light', tileUrl: null } }, secrets: {} } }]);
    expect(view).toMatchObject({ notice: null, settings: { rules: inForce, ui: { theme: 'light' } } });
  });

  it('keeps the save and tells the user when the engine cannot start on the new profile', async () => {
    const engine = new RecordingEngine();
    engine.failWith = 'The engine exited while starting (exit code 1).';
    const { owner, route } = setUp(engine);
    const kafka = { ...simulator, profiles: [{ ...simulator.profiles[0]!, source: KafkaSourceSchema.parse({ kind: 'kafka', brokers: ['kafka.city.invalid:9092'], topics: ['readings'] }) }] };
    const view = await route('settings:save', { settings: kafka, secrets: {} });
    expect(view.notice).toBe('The settings were saved, but the engine could not start with profile “Simulator”: The engine exited while starting (exit code 1).');
    expect(owner.settings.profiles[0]?.source.kind).toBe('kafka');
  });

  it('runs saves one at a time, so two windows saving at once never overlap restarts', async () => {
    const engine = new RecordingEngine(30);
    const { route } = setUp(engine);
    const scenario = (target: string): Settings => ({ ...withHeatwave, profiles: [{ ...withHeatwave.profiles[0]!, source: SimulatorSourceSchema.parse({ kind: 'simulator', scenarios: [{ kind: 'heatwave', target }] }) }] });
    await Promise.all([route('settings:save', { settings: scenario('st-01'), secrets: {} }), route('settings:save', { settings: scenario('st-02'), secrets: {} })]);
    expect(engine.overlapped).toBe(false);
    expect(engine.restarts.map((o) => (o.settings.profiles[0]?.source.kind === 'simulator' ? o.settings.profiles[0].source.scenarios[0]?.target : null))).toEqual(['st-01', 'st-02']);
  });

  it('answers settings:get itself and sends everything else to the engine', async () => {
    const engine = new RecordingEngine();
    const { route } = setUp(engine, defaultSettings());
    expect((await route('settings:get', {})).settings.activeProfileId).toBe('default');
    await route('rules:list', {});
    expect(engine.requests.map((r) => r.name)).toEqual(['rules:list']);
  });

  it("sends a saved profile's stored password to its saved brokers only; a test of other brokers under its id gets none, and the answer says why", async () => {
    const engine = new RecordingEngine();
    const city = { id: 'city', name: 'City', source: KafkaSourceSchema.parse({ kind: 'kafka', brokers: ['kafka.city.invalid:9093'], topics: ['readings'], sasl: { mechanism: 'plain', username: 'sw' } }), database: { kind: 'memory' as const } };
    const settings = SettingsSchema.parse({ ...simulator, profiles: [...simulator.profiles, city] });
    const owner = new SettingsService({ file: null, loaded: { settings, notice: null }, secrets: readOnlySecrets(() => ({ city: { saslPassword: 'stored-pw-19c4' } }), () => 'set it in the environment') });
    const route = createSettingsRouter({ engine, settings: owner, engineOptions: () => ({ settings: owner.settings, secrets: owner.secretValues(), dataDir: '/nonexistent', operator: 'duty' }) });

    const asSaved = await route('connection:test', { profile: city, secrets: {} });
    expect(engine.requests.at(-1)).toEqual({ name: 'connection:test', args: { profile: city, secrets: { saslPassword: 'stored-pw-19c4' } } });
    expect(asSaved).toBeNull(); // the stand-in engine's answer, passed on unchanged

    const elsewhere = { ...city, source: { ...city.source, brokers: ['127.0.0.1:9'] } };
    const answer = await route('connection:test', { profile: elsewhere, secrets: {} });
    expect(engine.requests.at(-1)).toEqual({ name: 'connection:test', args: { profile: elsewhere, secrets: {} } });
    expect(answer.notice).toMatch(/^The saved SASL password was not used: a saved secret is only sent with the saved profile's own brokers/);

    await route('connection:test', { profile: elsewhere, secrets: { saslPassword: 'typed-pw' } });
    expect(engine.requests.at(-1)?.args).toEqual({ profile: elsewhere, secrets: { saslPassword: 'typed-pw' } });
    expect(JSON.stringify(engine.requests.slice(1))).not.toContain('stored-pw-19c4');
  });
});
