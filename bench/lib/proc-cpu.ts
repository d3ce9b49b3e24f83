// CPU seconds of other processes (the broker's JVM, PostgreSQL backends) from /proc/<pid>/stat, so a
// benchmark can say where a run's CPU went across broker, engine and database. Linux only; null elsewhere.
import { readFileSync } from 'node:fs';
import pg from 'pg';

/** Clock ticks per second for utime/stime (USER_HZ; 100 on Linux for x86 and arm). */
const TICKS_PER_SECOND = 100;

/** utime + stime of a process in seconds, or null when it is gone or /proc is absent. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at ") ".
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** Total CPU seconds of a set of pids (missing ones count 0). */
export function cpuOf(pids: Iterable<number>): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) out.set(pid, processCpuSeconds(pid) ?? 0);
  return out;
}

/** CPU used between two snapshots; pids new in `after` count from 0. */
export function cpuDelta(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  let sum = 0;
  for (const [pid, seconds] of after) sum += seconds - (before.get(pid) ?? 0);
  return sum;
}

/** PostgreSQL server processes: the backends connected to `database`, and the shared background ones. */
export async function postgresPids(adminUrl: string, database: string): Promise<{ backends: number[]; background: number[] }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const rows = (await client.query<{ pid: number; datname: string | null; backend_type: string }>('SELECT pid, datname, backend_type FROM pg_stat_activity')).rows;
    return {
      backends: rows.filter((r) => r.datname === database && r.pid !== (client as unknown as { processID: number }).processID).map((r) => r.pid),
      background: rows.filter((r) => r.datname === null).map((r) => r.pid),
    };
  } finally {
    await client.end();
  }
}
