/**
 * A private PostgreSQL cluster for outage tests: initdb into a temp dir, run on a free port with its
 * unix socket in that dir, stop()/start() at will, destroy() at the end. The shared server is never
 * touched. As root, the binaries run as the postgres user (initdb refuses root).
 * pg_hba: the postgres role connects without a password (trust); every other role needs SCRAM.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PrivatePostgres {
  readonly port: number;
  readonly dir: string;
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  readonly url: string;
  /** URL for another role/database (password not included). */
  urlFor(user: string, database?: string): string;
  /** Runs SQL as the postgres superuser through the unix socket. */
  psql(sql: string, database?: string): string;
  start(): void;
  /** Fast shutdown: open connections are cut, as in a real outage. */
  stop(): void;
  destroy(): void;
}

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(`/usr/lib/postgresql/${v}/bin/initdb`)) return `/usr/lib/postgresql/${v}/bin`;
  throw new Error('PostgreSQL binaries not found in /usr/lib/postgresql/*/bin');
}

/** True when initdb is installed here. */
export function hasPostgresBinaries(): boolean {
  try {
    binDir();
    return true;
  } catch {
    return false;
  }
}

/** A free TCP port on loopback (released just before the cluster binds it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Creates and starts a private cluster. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const isRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'sw-private-pg-'));
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]): string => {
    const [file, argv] = isRoot ? ['runuser', ['-u', 'postgres', '--', join(bin, cmd), ...args]] : [join(bin, cmd), args];
    return execFileSync(file, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (isRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
  }
  run('initdb', ['-D', data, '-U', 'postgres', '--auth-local=trust', '--auth-host=scram-sha-256', '-E', 'UTF8', '--no-sync']);
  const hba = join(data, 'pg_hba.conf');
  writeFileSync(hba, `local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n` + readFileSync(hba, 'utf8'));
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c password_encryption=scram-sha-256`;
  const start = (): void => void run('pg_ctl', ['-D', data, '-o', options, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  const stop = (): void => void run('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '60', 'stop']);
  start();
  const psql = (sql: string, database = 'postgres'): string =>
    run('psql', ['-h', dir, '-p', String(port), '-U', 'postgres', '-d', database, '-v', 'ON_ERROR_STOP=1', '-Atc', sql]);
  return {
    port,
    dir,
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    urlFor: (user, database = 'postgres') => `postgres://${encodeURIComponent(user)}@127.0.0.1:${port}/${database}`,
    psql,
    start,
    stop,
    destroy: () => {
      try {
        stop();
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
