/**
 * The aggregator's windows carry their sketch as a span of a shared buffer: what leaves the process as
 * bytes or JSON must carry the same numbers as the array form, and never the buffer itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sketchNumbers, type WindowAggregate } from '../../../src-shared/domain/window-aggregate';
import { WindowAggregator } from '../../core/windows/window-aggregator';
import { DeadLetterFile } from './dead-letter-file';
import { sketchFromBase64, sketchToBase64, windowSketchBase64 } from './sketch-bytes';
import { SpillQueue } from './spill-queue';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** Closed windows of two sizes, some inline (few values), some with bucket sketches (many values). */
function closedWindows(): WindowAggregate[] {
  const aggregator = new WindowAggregator({ sizesMs: [1_000, 60_000], allowedLatenessMs: 0, maxStations: 10, maxMetrics: 4, includeCity: true });
  const station = aggregator.stationSlot('st-1');
  const metric = aggregator.metricSlot('temperature');
  for (let ts = 0; ts < 120_000; ts += 100) aggregator.add(station, metric, ts, Math.sin(ts / 7_000) * 20 - 3);
  aggregator.advanceTo(200_000);
  return aggregator.drainClosed();
}

describe('sketch spans', () => {
  it('the aggregator gives every window a span; inline and bucket forms both occur', () => {
    const windows = closedWindows();
    expect(windows.every((w) => w.sketchBuffer !== undefined && w.sketch === undefined)).toBe(true);
    const forms = new Set(windows.map((w) => sketchNumbers(w)![0]));
    expect(forms).toEqual(new Set([0, 1]));
  });

  it('a span encodes to the bytes its numbers encode to, and decodes back to them', () => {
    for (const w of closedWindows()) {
      const numbers = sketchNumbers(w)!;
      expect(windowSketchBase64(w)).toBe(sketchToBase64(numbers));
      expect(sketchFromBase64(windowSketchBase64(w))).toEqual(numbers);
    }
  });

  it('the outage spill and the dead-letter file write the sketch as numbers, not the shared buffer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'spans-'));
    dirs.push(dir);
    const windows = closedWindows();
    const spill = await SpillQueue.open(join(dir, 'spill'));
    await spill.append({ op: 'windows', windows });
    const back = await spill.peek();
    expect(back?.op).toBe('windows');
    const read = back?.op === 'windows' ? back.windows : [];
    expect(read.map((w) => w.sketch)).toEqual(windows.map((w) => sketchNumbers(w)));
    expect(read.some((w) => 'sketchBuffer' in w || 'sketchAt' in w)).toBe(false);
    await spill.close();

    const deadLetters = new DeadLetterFile({ dir });
    await deadLetters.append({ reason: 'refused', row: windows[0] });
    const line = JSON.parse((await readFile(join(dir, 'dead-letter.jsonl'), 'utf8')).trim()) as { row: WindowAggregate };
    expect(line.row.sketch).toEqual(sketchNumbers(windows[0]!));
    expect('sketchBuffer' in line.row).toBe(false);
  });
});
