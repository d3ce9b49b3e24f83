import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src-shared/settings/schema';
import { buildDiagnosticsZip, maskUrl } from './diagnostics';
import { RotatingLog } from './rotating-log';
import { createZip } from './zip-writer';

const hasUnzip = existsSync('/usr/bin/unzip');

/** Read a zip back with our own parser of the central directory (works where unzip is missing). */
function listZip(zip: Buffer): string[] {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const nameLength = zip.readUInt16LE(at + 28);
    names.push(zip.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return names;
}

describe('zip writer', () => {
  it('writes an archive that unzip tests and extracts byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-zip-'));
    const big = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 31) % 251));
    const zip = createZip([
      { name: 'hello.txt', data: 'Grüße, Stationwatch\n' },
      { name: 'nested/data.bin', data: big },
      { name: 'empty.txt', data: '' },
    ]);
    const path = join(dir, 'test.zip');
    writeFileSync(path, zip);
    expect(listZip(zip)).toEqual(['hello.txt', 'nested/data.bin', 'empty.txt']);
    if (!hasUnzip) return;
    expect(execFileSync('unzip', ['-t', path]).toString()).toContain('No errors detected');
    expect(execFileSync('unzip', ['-p', path, 'hello.txt']).toString()).toBe('Grüße, Stationwatch\n');
    expect(execFileSync('unzip', ['-p', path, 'nested/data.bin']).equals(big)).toBe(true);
  });

  it('refuses entry names that could escape the extraction folder', () => {
    expect(() => createZip([{ name: '../evil', data: 'x' }])).toThrow('Unsafe zip entry name');
    expect(() => createZip([{ name: '/etc/passwd', data: 'x' }])).toThrow('Unsafe zip entry name');
  });
});

describe('rotating log', () => {
  it('rotates by size and keeps only the newest files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-log-'));
    const log = new RotatingLog({ dir, name: 'main', maxBytes: 200, keep: 2, now: () => Date.UTC(2026, 0, 1) });
    for (let i = 0; i < 20; i++) log.write('info', `line ${i} ${'x'.repeat(40)}`);
    const files = log.files();
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual(['main.log', 'main.1.log', 'main.2.log']);
    for (const file of files) expect(readFileSync(file).length).toBeLessThanOrEqual(200);
    expect(readFileSync(files[0]!, 'utf8')).toContain('line 19');
    expect(readFileSync(files[2]!, 'utf8')).not.toContain('line 0 ');
    log.write('error', 'two\nlines');
    expect(readFileSync(files[0]!, 'utf8')).toContain('2026-01-01T00:00:00.000Z ERROR two\\nlines\n');
  });
});

describe('diagnostics export', () => {
  it('zips logs, redacted settings, versions and status — without secrets', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-diag-'));
    const log = new RotatingLog({ dir: join(dir, 'logs'), name: 'main', maxBytes: 10_000, keep: 3 });
    log.write('info', 'engine running');
    const settings = SettingsSchema.parse({
      profiles: [{ id: 'pg', name: 'Server', source: { kind: 'simulator' }, database: { kind: 'postgres', url: 'postgres://sw:hunter2@db.city.local:5432/sw' } }],
      activeProfileId: 'pg',
      ui: { tileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png?apikey=tile-key-123' },
    });
    const zip = buildDiagnosticsZip({ logFiles: [...log.files(), join(dir, 'logs', 'gone.log')], settings, versions: { app: '0.1.0', electron: '39.0.0' }, status: null, now: Date.UTC(2026, 10, 23) });
    expect(listZip(zip)).toEqual(['logs/main.log', 'settings.json', 'version.json', 'pipeline-status.json', 'logs/MISSING.txt']);
    const text = zip.toString('latin1');
    expect(text).not.toContain('hunter2');
    if (!hasUnzip) return;
    const path = join(dir, 'diag.zip');
    writeFileSync(path, zip);
    const extracted = execFileSync('unzip', ['-p', path, 'settings.json']).toString();
    expect(extracted).toContain('postgres://sw:***@db.city.local:5432/sw');
    expect(extracted).toContain('https://tiles.example.org/{z}/{x}/{y}.png?apikey=***');
    expect(extracted).not.toContain('hunter2');
    expect(extracted).not.toContain('tile-key-123');
    expect(execFileSync('unzip', ['-p', path, 'logs/main.log']).toString()).toContain('engine running');
    expect(JSON.parse(execFileSync('unzip', ['-p', path, 'version.json']).toString())).toMatchObject({ app: '0.1.0', exportedAt: '2026-11-23T00:00:00.000Z' });
  });

  it('masks URL credentials and leaves other strings alone', () => {
    expect(maskUrl('kafka://user:pw@host:9092')).toBe('kafka://user:***@host:9092');
    expect(maskUrl('Simulated city')).toBe('Simulated city');
  });
});
