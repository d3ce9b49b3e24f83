import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, rm, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpillQueue } from './spill-queue';
import type { StoreWrite } from './store-write';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'spill-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

function stateWrite(i: number): StoreWrite {
  return { op: 'state', key: `k${i}`, value: `v${i}`, at: i };
}
function windowsWrite(n: number): StoreWrite {
  return { op: 'windows', windows: Array.from({ length: n }, (_, i) => ({ stationId: 's', metric: 'm', sizeMs: 10_000, start: i * 10_000, count: 1, mean: i, min: i, max: i, stddev: 0, p95: i })) };
}

async function drain(queue: SpillQueue): Promise<StoreWrite[]> {
  const out: StoreWrite[] = [];
  for (let w = await queue.peek(); w !== null; w = await queue.peek()) {
    out.push(w);
    await queue.shift();
  }
  return out;
}

describe('SpillQueue', () => {
  it('returns writes in order and counts rows', async () => {
    const queue = await SpillQueue.open(await tempDir());
    await queue.append(stateWrite(1));
    await queue.append(windowsWrite(5));
    await queue.append(stateWrite(2));
    expect(queue.depth).toBe(7);
    expect(await drain(queue)).toEqual([stateWrite(1), windowsWrite(5), stateWrite(2)]);
    expect(queue.isEmpty).toBe(true);
    expect(queue.depth).toBe(0);
    await queue.close();
  });

  it('keeps accepted writes across a reopen and cuts off a torn last line', async () => {
    const dir = await tempDir();
    const first = await SpillQueue.open(dir);
    await first.append(stateWrite(1));
    await first.append(stateWrite(2));
    await first.close();
    const [file] = await readdir(dir);
    await appendFile(join(dir, file!), '{"op":"state","key":"torn'); // crash mid-append
    const second = await SpillQueue.open(dir);
    expect(second.depth).toBe(2);
    await second.append(stateWrite(3));
    expect(await drain(second)).toEqual([stateWrite(1), stateWrite(2), stateWrite(3)]);
    await second.close();
  });

  it('interleaves appends with draining and starts a fresh file once empty', async () => {
    const dir = await tempDir();
    const queue = await SpillQueue.open(dir);
    await queue.append(stateWrite(1));
    expect(await queue.peek()).toEqual(stateWrite(1));
    await queue.append(stateWrite(2));
    await queue.shift();
    expect(await drain(queue)).toEqual([stateWrite(2)]);
    await queue.append(stateWrite(3));
    expect((await readdir(dir)).filter((f) => f.startsWith('spill-'))).toHaveLength(1);
    await queue.close();
    const reopened = await SpillQueue.open(dir);
    expect(await drain(reopened)).toEqual([stateWrite(3)]);
    await reopened.close();
  });

  it('never replays a write that was already shifted, even after a reopen', async () => {
    const dir = await tempDir();
    const queue = await SpillQueue.open(dir);
    for (let i = 1; i <= 4; i++) await queue.append(stateWrite(i));
    await queue.shift();
    await queue.shift();
    await queue.close();
    const reopened = await SpillQueue.open(dir);
    expect(reopened.depth).toBe(2);
    expect(await drain(reopened)).toEqual([stateWrite(3), stateWrite(4)]);
    await reopened.close();
    const empty = await SpillQueue.open(dir);
    expect(empty.isEmpty).toBe(true);
    await empty.close();
  });
});
