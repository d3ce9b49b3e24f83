// In-process CPU profile (node:inspector, the same data as --cpu-prof) of a benchmark section, summarised
// as self time per part of the system, so a report can say where an ingest run's time went.
import { Session } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** Buckets by script URL, first match wins. */
const BUCKETS: readonly (readonly [string, RegExp])[] = [
  ['kafkajs', /node_modules\/kafkajs\//],
  ['pg driver', /node_modules\/(pg|pg-protocol|pg-pool|pg-types|postgres-array|pg-copy-streams)\//],
  ['decoder', /src-main\/core\/decoder\//],
  ['windows+sketch', /src-shared\/windows\//],
  ['rules+alarms', /src-shared\/(rules|alarms)\//],
  ['pipeline+frames+offsets', /src-main\/core\//],
  ['store (sql, buffered)', /src-main\/adapters\/(sql|postgres)\//],
  ['kafka source', /src-main\/adapters\/kafka\//],
  ['engine', /src-main\/engine\//],
  ['bench harness', /\/bench\//],
  ['other node_modules', /node_modules\//],
  ['node internals', /^node:|^internal\//],
];

export interface ProfileSummary {
  readonly totalMs: number;
  /** Self time per bucket, ms, largest first. */
  readonly byPart: Record<string, number>;
  /** The heaviest functions by self time, "name (file:bucket)": ms. */
  readonly topFunctions: Record<string, number>;
  readonly file: string;
}

function bucketOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (url === '') {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'program (native, unattributed)';
    return 'native/builtins';
  }
  for (const [name, pattern] of BUCKETS) if (pattern.test(url)) return name;
  return 'other';
}

/** Profiles `section`; writes the .cpuprofile to `file` (open it in Chrome DevTools) and summarises it. */
export async function profileSection<T>(file: string, section: () => Promise<T>): Promise<{ value: T; summary: ProfileSummary }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 500 });
  await session.post('Profiler.start');
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await section() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
  session.disconnect();
  writeFileSync(file, JSON.stringify(profile));
  if (!outcome.ok) throw outcome.error;
  const value = outcome.value;
  const summary = summarise(profile, file);
  return { value, summary };
}

function summarise(profile: Profile, file: string): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) selfUs.set(samples[i]!, (selfUs.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const parts = new Map<string, number>();
  const functions = new Map<string, number>();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const part = bucketOf(node);
    total += us;
    parts.set(part, (parts.get(part) ?? 0) + us);
    if (part === 'idle') continue;
    const where = node.callFrame.url.split('/').slice(-2).join('/');
    const key = `${node.callFrame.functionName || '(anonymous)'} (${where || part})`;
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const ms = (entries: Map<string, number>, limit: number): Record<string, number> =>
    Object.fromEntries([...entries].sort((a, b) => b[1] - a[1]).slice(0, limit).map(([k, v]) => [k, Math.round(v / 100) / 10]));
  return { totalMs: Math.round(total / 1000), byPart: ms(parts, 20), topFunctions: ms(functions, 15), file };
}
