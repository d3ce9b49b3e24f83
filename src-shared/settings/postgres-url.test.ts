import { describe, expect, it } from 'vitest';
import { DatabaseSchema } from './schema';
import { describePostgresUrlProblem, parsePostgresUrl } from './postgres-url';

describe('parsePostgresUrl', () => {
  it('reads server, port, database and user; the port defaults to 5432', () => {
    expect(parsePostgresUrl('postgres://stationwatch@db.city.local:6543/history')).toEqual({
      ok: true,
      value: { host: 'db.city.local', hostKind: 'name', port: 6543, database: 'history', user: 'stationwatch', hasPassword: false },
    });
    expect(parsePostgresUrl(' postgresql://127.0.0.1/stationwatch?sslmode=require ')).toEqual({
      ok: true,
      value: { host: '127.0.0.1', hostKind: 'ipv4', port: 5432, database: 'stationwatch', user: null, hasPassword: false },
    });
    expect(parsePostgresUrl('POSTGRES://[::1]:5433')).toMatchObject({ ok: true, value: { host: '::1', hostKind: 'ipv6', port: 5433, database: null } });
    expect(parsePostgresUrl('postgres://sw%20user:secret@localhost/my%2Ddb')).toMatchObject({ ok: true, value: { user: 'sw user', database: 'my-db', hasPassword: true } });
  });

  it('refuses what is not a PostgreSQL URL, saying what to write instead', () => {
    expect(describePostgresUrlProblem('localhost:5432')).toBe('“localhost:5432” has no scheme: a PostgreSQL URL starts with postgres:// or postgresql://, e.g. postgres://stationwatch@localhost:5432/stationwatch');
    expect(describePostgresUrlProblem('http://localhost:5432/db')).toMatch(/^A PostgreSQL URL starts with postgres:\/\/ or postgresql:\/\/, not http:\/\//);
    expect(describePostgresUrlProblem('')).toMatch(/^Enter the server's URL/);
    expect(describePostgresUrlProblem('postgres:///stationwatch')).toMatch(/^Name the server after “postgres:\/\/”/);
    expect(describePostgresUrlProblem('postgres://localhost:99999/db')).toBe('The port must be a number from 1 to 65535, not 99999');
    expect(describePostgresUrlProblem('postgres://db one/x')).toMatch(/“db one” is not a host name/);
    expect(describePostgresUrlProblem('postgres://a,b/x')).toMatch(/single PostgreSQL host/);
    expect(describePostgresUrlProblem('postgres://localhost/a/b')).toMatch(/Name one database/);
    expect(describePostgresUrlProblem('postgres://u%zz@localhost/db')).toMatch(/“%”/);
  });
});

describe('DatabaseSchema postgres url', () => {
  it('refuses a URL without scheme with the same message the dialog shows', () => {
    const result = DatabaseSchema.safeParse({ kind: 'postgres', url: 'localhost:5432' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['url', describePostgresUrlProblem('localhost:5432')]]);
    expect(DatabaseSchema.parse({ kind: 'postgres', url: ' postgres://sw@127.0.0.1:5432/sw ' })).toEqual({ kind: 'postgres', url: 'postgres://sw@127.0.0.1:5432/sw', ssl: false });
  });
});
