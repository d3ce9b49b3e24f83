/**
 * Named operator tokens: the audit trail names the person whose token acknowledged or shelved an alarm,
 * not the server's OS user — with a real server, the real engine in a child process and a silent station.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../src-shared/domain/alarms';
import { SettingsSchema } from '../../src-shared/settings/schema';
import { connectWsClient } from '../../tests/helpers/ws-client';
import type { WsClient } from '../../tests/helpers/ws-client';
import { startServer } from './server';
import type { RunningServer } from './server';

const dir = mkdtempSync(join(tmpdir(), 'sw-named-operators-'));
const ANA = 'ana-de-vries-token-0123456789abcdef';
const SHARED = 'shared-operator-token-0123456789abcdef';
const VIEWER = 'viewer-token-0123456789abcdef-viewer';

/** A heatwave on st-02 at 120x (as in engine.test.ts): its temperature alarm is raised within seconds. */
function settings() {
  return SettingsSchema.parse({
    activeProfileId: 'sim',
    profiles: [
      {
        id: 'sim',
        name: 'Simulator',
        source: { kind: 'simulator', stations: 4, seed: 5, outlierRate: 0, speed: 120, scenarios: [{ kind: 'heatwave', target: 'st-02', startAfterMs: 30_000, durationMs: 600_000 }] },
        database: { kind: 'memory' },
      },
    ],
  });
}

async function firstOpenAlarm(client: WsClient): Promise<Alarm> {
  const deadline = Date.now() + 45_000;
  for (;;) {
    const open = (await client.request('alarms:list', { includeNormal: false })).filter((a) => a.state === 'unacknowledged');
    if (open.length > 0) return open[0]!;
    if (Date.now() > deadline) throw new Error('no alarm was raised within 45 s');
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('named operator tokens', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer({
      engineOptions: { settings: settings(), secrets: {}, dataDir: dir, operator: 'server-os-user' },
      port: 0,
      rendererDir: dir,
      tokens: { viewer: VIEWER, operator: SHARED, named: [{ name: 'Ana de Vries', token: ANA }] },
    });
  }, 60_000);
  afterAll(async () => {
    await server.close();
  });

  it('records the person behind a named token in the audit trail; the shared token stays the operator on duty', async () => {
    const ana = await connectWsClient(server.url, { token: ANA });
    const shared = await connectWsClient(server.url, { token: SHARED });
    try {
      expect(ana.role).toBe('operator');
      const alarm = await firstOpenAlarm(ana);
      await ana.request('alarms:ack', { alarmId: alarm.id, comment: 'checking the cabinet' });
      // A client cannot name someone else: an extra argument is no way into the audit trail.
      await shared.request('alarms:shelve', { alarmId: alarm.id, reason: 'maintenance visit', until: Date.now() + 600_000, by: 'Mallory' } as never);
      const { events } = await ana.request('alarms:history', { from: 0, to: Date.now() + 60_000, limit: 100 });
      const mine = events.filter((e) => e.alarmId === alarm.id);
      expect(mine.find((e) => e.type === 'acknowledged')).toMatchObject({ who: 'Ana de Vries', comment: 'checking the cabinet' });
      expect(mine.find((e) => e.type === 'shelved')).toMatchObject({ who: 'server-os-user', comment: 'maintenance visit' });
      expect(mine.map((e) => e.who)).not.toContain('Mallory');
    } finally {
      await ana.close();
      await shared.close();
    }
  }, 90_000);

  it('still refuses operator actions to the viewer token and every request to an unknown token', async () => {
    const viewer = await connectWsClient(server.url, { token: VIEWER });
    try {
      expect(viewer.role).toBe('viewer');
      await expect(viewer.request('alarms:ack', { alarmId: 'rule-x|st-01' })).rejects.toMatchObject({ code: 'forbidden' });
    } finally {
      await viewer.close();
    }
    await expect(connectWsClient(server.url, { token: `${ANA}x` })).rejects.toThrow();
  });
});
