/**
 * `npm run serve` keeps the tokens it generates off stdout (issue 14, item 14): the real command in a
 * child process on 127.0.0.1, with a viewer token given so that the operator token is generated.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServeProcess } from '../../tests/e2e/helpers/serve-process';
import type { ServeProcess } from '../../tests/e2e/helpers/serve-process';

const dataDir = mkdtempSync(join(tmpdir(), 'sw-serve-tokens-'));
let server: ServeProcess | null = null;
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm run serve with tokens', () => {
  it('writes the generated token to an owner-only file, prints only its path, and the token works', async () => {
    const path = join(dataDir, 'tokens.json');
    // A stale, world-readable file from an earlier run: replaced, not reused with its mode.
    writeFileSync(path, '{"operator":"stale"}\n', { mode: 0o644 });
    server = await startServeProcess(['--port', '0', '--database', 'memory', '--stations', '2', '--data-dir', dataDir], { STATIONWATCH_VIEWER_TOKEN: 'wall-display-token' });
    const written = JSON.parse(readFileSync(path, 'utf8')) as { viewer?: string; operator?: string; ingest?: string };
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(written.viewer).toBeUndefined();
    expect(written.operator).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const output = server.output();
    expect(output).not.toContain(written.operator);
    expect(output).not.toContain('wall-display-token');
    expect(output).toContain(`operator token: in ${path} (owner-only)`);
    expect(output).toContain('viewer token:   as given in the environment');
    // The generated ingest token is written with the others and opens nothing but the push routes.
    expect(written.ingest).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(output).not.toContain(written.ingest);
    expect(output).toContain(`ingest token:   in ${path} (owner-only)`);
    expect((await fetch(`${server.url}/healthz`, { headers: { Authorization: `Bearer ${written.ingest}` } })).status).toBe(401);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(401);
    expect((await fetch(`${server.url}/healthz`, { headers: { Authorization: `Bearer ${written.operator}` } })).status).toBe(200);
  }, 90_000);
});
