/**
 * The engine's own shift-log entries, in-process with a sped-up heatwave: the critical heat alarm raised,
 * then acknowledged with a comment by a named operator, and the warning shelved with its reason.
 */
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine } from './engine';
import type { EngineHandle } from '../engine-api';
import { defaultSettings, SimulatorSourceSchema } from '../../../src-shared/settings/schema';
import type { Settings } from '../../../src-shared/settings/schema';

const source = SimulatorSourceSchema.parse({ kind: 'simulator', seed: 5, outlierRate: 0, speed: 120, scenarios: [{ kind: 'heatwave', target: 'st-02', startAfterMs: 30_000, durationMs: 600_000 }] });
const settings: Settings = { ...defaultSettings(), activeProfileId: 'test', profiles: [{ id: 'test', name: 'Test', source, database: { kind: 'memory' } }] };
const CRITICAL = 'temperature-extreme@st-02';
const WARNING = 'temperature-high@st-02';

let engine: EngineHandle;
beforeAll(async () => {
  engine = await startEngine({ settings, secrets: {}, operator: 'os-user', dataDir: tmpdir() });
}, 30_000);
afterAll(async () => {
  await engine?.stop();
});

async function until<T>(probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const log = () => engine.request('shiftlog:list', { from: 0, to: Date.now() + 86_400_000, text: null, stationId: 'st-02', limit: 100 });

describe('the shift journal', () => {
  it('notes the critical alarm raised and its acknowledgement with the comment, and a shelf with its reason', async () => {
    await until(async () => (await engine.request('alarms:list', { includeNormal: false, includeShelved: false })).find((a) => a.id === CRITICAL && a.isActive));
    await engine.request('alarms:ack', { alarmId: CRITICAL, comment: 'crew sent' }, 'Ana');
    await engine.request('alarms:shelve', { alarmId: WARNING, reason: 'covered by the critical alarm', until: Date.now() + 3_600_000 }, 'Ana');
    const texts = await until(async () => {
      const entries = (await log()).filter((e) => e.kind === 'auto').map((e) => e.text);
      return entries.length >= 3 ? entries : undefined;
    });
    expect(texts).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Critical alarm raised at st-02: /),
        `Critical alarm ${CRITICAL} acknowledged by Ana: crew sent`,
        expect.stringMatching(new RegExp(`^Alarm ${WARNING} shelved by Ana until .*: covered by the critical alarm$`)),
      ]),
    );
    // A warning raised is not worth a line of its own.
    expect(texts.filter((t) => t.includes(WARNING) && !t.includes('shelved'))).toEqual([]);
  }, 30_000);
});
