/**
 * What the HTTP push tests share: the real `curl` as the client, a headless server (real engine in its
 * child process) whose active profile is an HTTP push source over PostgreSQL with raw readings stored.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import type { Reading } from '../../src-shared/domain/reading';
import { LATENESS_MS, SIZES_MS } from './stream-harness';

/** Why the tests cannot run here (no curl), or null. */
export function curlMissing(): string | null {
  return spawnSync('sh', ['-c', 'command -v curl']).status === 0 ? null : 'curl is not installed';
}

/** What curl got back. */
export interface CurlAnswer {
  readonly status: number;
  readonly body: string;
}

/** POSTs `body` with the real curl (body on stdin); `headers` as "Name: value". */
export function curlPost(url: string, body: string | Buffer, headers: readonly string[]): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    const args = ['-sS', '-o', '-', '-w', '\n%{http_code}', '-X', 'POST', '--data-binary', '@-', ...headers.flatMap((h) => ['-H', h]), url];
    const child = spawn('curl', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let errors = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.stderr.on('data', (data: Buffer) => (errors += data.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const cut = out.lastIndexOf('\n');
      const status = Number(out.slice(cut + 1));
      if (!Number.isInteger(status) || status === 0) reject(new Error(`curl got no answer: ${errors}`));
      else resolve({ status, body: out.slice(0, cut) });
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(body);
  });
}

/** A GET with curl (for checking what a token opens). */
export function curlGet(url: string, headers: readonly string[]): Promise<CurlAnswer> {
  return new Promise((resolve, reject) => {
    const child = spawn('curl', ['-sS', '-o', '-', '-w', '\n%{http_code}', ...headers.flatMap((h) => ['-H', h]), url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (data: Buffer) => (out += data.toString()));
    child.once('error', reject);
    child.once('exit', () => {
      const cut = out.lastIndexOf('\n');
      resolve({ status: Number(out.slice(cut + 1)), body: out.slice(0, cut) });
    });
  });
}

/** Our wire format for one reading. */
export function wireObject(reading: Reading): Record<string, unknown> {
  return { station_id: reading.stationId, ts: new Date(reading.ts).toISOString(), ...reading.metrics };
}

/** A Sensor Logger batch of one device: one `pressure` entry per reading, times in epoch nanoseconds (kept as digits). */
export function sensorLoggerBody(deviceId: string, readings: readonly { readonly ts: number; readonly pressure: number }[], messageId: number): string {
  const payload = readings.map((r) => `{"name":"pressure","time":${BigInt(r.ts) * 1_000_000n},"pressure":${r.pressure}}`);
  return `{"messageId":${messageId},"sessionId":"it-session","deviceId":${JSON.stringify(deviceId)},"payload":[${payload.join(',')}]}`;
}

/** An HTTP push profile over PostgreSQL with raw readings stored and the test window sizes. */
export function pushSettings(databaseUrl: string, maxBodyBytes: number): Settings {
  return SettingsSchema.parse({
    activeProfileId: 'push-it',
    profiles: [{ id: 'push-it', name: 'HTTP push', source: { kind: 'http-push', maxBodyBytes }, database: { kind: 'postgres', url: databaseUrl } }],
    windows: { sizesMs: [...SIZES_MS], allowedLatenessMs: LATENESS_MS, idleTimeoutMs: 3_600_000 },
    store: { rawReadings: true, rawRetentionDays: 3650, windowRetentionDays: 3650 },
    rules: [],
  });
}

/** A renderer folder with one page, so the server starts without a build. */
export function testRendererDir(dir: string): string {
  const rendererDir = join(dir, 'renderer');
  mkdirSync(rendererDir, { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Stationwatch</title>');
  return rendererDir;
}
