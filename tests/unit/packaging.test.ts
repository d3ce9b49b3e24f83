/**
 * Linux packaging, checked against the electron-builder that is installed rather than against a copy of
 * its rules: the default deb dependencies come from app-builder-lib's own FpmTarget, the configuration is
 * loaded and validated by app-builder-lib, and the deb target really runs — on a stand-in for the unpacked
 * app, with a stand-in for fpm that records its arguments — up to the point where fpm would write the
 * package. Neither the Electron zip nor fpm can be downloaded on CI, and the test makes sure nothing tries:
 * every TCP connection away from loopback is refused and reported.
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Configuration, PackagerOptions, PublishOptions } from 'electron-builder';
import { UNPACKED_ENGINE_FILES } from '../../scripts/engine-bundles.mjs';
import { BUILD_OUTPUTS } from '../../scripts/start-lib.mjs';

const projectDir = resolve(import.meta.dirname, '../..');
/** The dependencies our code needs on top of Electron's: notifications (libnotify) and safeStorage (libsecret). */
const OUR_DEB_DEPENDS = ['libnotify4', 'libsecret-1-0'];

const requireHere = createRequire(import.meta.url);
const electronBuilder = requireHere('electron-builder') as typeof import('electron-builder');
// app-builder-lib as electron-builder itself resolves it, so an upgrade cannot leave the test reading another copy.
const requireBuilderLib = createRequire(requireHere.resolve('electron-builder/package.json'));
const builderUtil = requireBuilderLib('builder-util') as { DebugLogger: new (isEnabled: boolean) => unknown };
const configModule = requireBuilderLib('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string | null, configFromOptions: Configuration | null): Promise<Configuration>;
  validateConfiguration(config: Configuration, debugLogger: unknown): Promise<void>;
};
// How app-builder-lib's platform packager turns `asarUnpack` into the filter its AsarPackager asks of every file.
const fileMatcherModule = requireBuilderLib('app-builder-lib/out/fileMatcher') as {
  getFileMatchers(config: Configuration, name: 'asarUnpack', destination: string, options: { macroExpander: (s: string) => string; customBuildOptions: object; globalOutDir: string; defaultSrc: string }): { createFilter(): (file: string, stat: { isDirectory(): boolean }) => boolean }[] | null;
};
// getDefaultDepends is private in the typings but uses no instance state: it is the list a deb gets when
// `deb.depends` is not set.
const fpmTarget = requireBuilderLib('app-builder-lib/out/targets/FpmTarget').default as { prototype: { getDefaultDepends(target: string): string[] } };
const defaultDebDepends = fpmTarget.prototype.getDefaultDepends('deb');

const refusedConnections: string[] = [];
const originalConnect = net.Socket.prototype.connect;

/** Where a Socket#connect call is headed: "host:port", or a local socket path. */
function connectTarget(args: unknown[]): string {
  // net.connect() hands Socket#connect its already-normalised [options, callback] array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const options = first as { host?: string; port?: number; path?: string };
    return options.path ?? `${options.host ?? 'localhost'}:${options.port}`;
  }
  return typeof first === 'number' ? `${typeof args[1] === 'string' ? args[1] : 'localhost'}:${first}` : String(first);
}

beforeAll(() => {
  net.Socket.prototype.connect = function connectLoopbackOnly(this: net.Socket, ...args: unknown[]) {
    const target = connectTarget(args);
    if (!/^(127\.0\.0\.1|localhost|::1|\[::1\]):/.test(target) && target.includes(':')) {
      refusedConnections.push(target);
      throw new Error(`packaging test: network access to ${target} refused (only 127.0.0.1 is allowed)`);
    }
    return originalConnect.apply(this, args as Parameters<typeof originalConnect>);
  } as typeof originalConnect;
});

afterAll(() => {
  net.Socket.prototype.connect = originalConnect;
});

describe('what runs from outside app.asar', () => {
  it('is only the embedded database worker and its PGlite files, which the engine checks against digests before it runs them; the engine itself stays in the archive', async () => {
    const config = await configModule.getConfig(projectDir, null, null);
    expect(config.electronFuses).toMatchObject({ enableEmbeddedAsarIntegrityValidation: true, onlyLoadAppFromAsar: true });
    const matchers = fileMatcherModule.getFileMatchers(config, 'asarUnpack', join(projectDir, 'release', 'app'), { macroExpander: (s) => s, customBuildOptions: {}, globalOutDir: join(projectDir, 'release'), defaultSrc: projectDir });
    const isUnpacked = matchers?.[0]?.createFilter() ?? (() => false);
    const aFile = { isDirectory: () => false };
    const pglitePackage = join(projectDir, 'node_modules', '@electric-sql', 'pglite');
    const candidates = [
      ...BUILD_OUTPUTS,
      ...UNPACKED_ENGINE_FILES.map((name) => `dist/engine/${name}`),
      'dist/engine/engine-entry.cjs',
      'package.json',
      'node_modules/kafkajs/index.js',
      // PGlite's own package: its code now runs from inside the worker bundle, so none of it needs unpacking.
      ...readdirSync(pglitePackage, { recursive: true, encoding: 'utf8' }).map((path) => `node_modules/@electric-sql/pglite/${path.replaceAll('\\', '/')}`),
    ];
    const unpacked = [...new Set(candidates.filter((path) => isUnpacked(join(projectDir, path), aFile)))].sort();
    expect(unpacked).toEqual(UNPACKED_ENGINE_FILES.map((name) => `dist/engine/${name}`).sort());
  });
});

describe('Linux packaging', () => {
  it('reads the default deb dependencies from the installed app-builder-lib', () => {
    // A guard on the reference itself: an empty list would make the checks below pass vacuously.
    expect(defaultDebDepends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3']));
  });

  it('electron-builder.yml is valid for the installed electron-builder, and deb.depends keeps every default', async () => {
    const config = await configModule.getConfig(projectDir, null, null);
    await configModule.validateConfiguration(config, new builderUtil.DebugLogger(false));
    const depends = config.deb?.depends ?? defaultDebDepends;
    expect(depends).toEqual(expect.arrayContaining([...defaultDebDepends, ...OUR_DEB_DEPENDS]));
  });

  it('package.json names the homepage and author the deb target needs', () => {
    const metadata = JSON.parse(readFileSync(join(projectDir, 'package.json'), 'utf8')) as { homepage?: string; author?: string };
    // FpmTarget.computeFpmMetaInfoOptions: "Please specify project homepage" unless homepage is set or the
    // git remote is on GitHub; the maintainer falls back to the author's name and email.
    expect(metadata.homepage).toMatch(/^https:\/\//);
    expect(metadata.author).toMatch(/^[^<]+ <[^@\s]+@[^>\s]+>$/);
  });

  // The stand-in fpm is a script with a shebang, which Windows cannot start.
  it.skipIf(process.platform === 'win32')('builds the deb offline up to fpm, which gets every dependency and the metadata', async () => {
    const scratch = mkdtempSync(join(tmpdir(), 'stationwatch-packaging-'));
    try {
      const unpacked = join(scratch, 'linux-unpacked');
      mkdirSync(join(unpacked, 'resources'), { recursive: true });
      writeFileSync(join(unpacked, 'stationwatch'), '#!/bin/sh\n', { mode: 0o755 });
      const fpmLog = join(scratch, 'fpm-arguments.json');
      const fakeFpm = join(scratch, 'fpm');
      writeFileSync(fakeFpm, `#!${process.execPath}\nrequire('node:fs').writeFileSync(${JSON.stringify(fpmLog)}, JSON.stringify(process.argv.slice(2)));\n`);
      chmodSync(fakeFpm, 0o755);

      const options: PackagerOptions & PublishOptions = {
        projectDir,
        targets: electronBuilder.Platform.LINUX.createTarget('deb'),
        prepackaged: unpacked,
        config: { directories: { output: join(scratch, 'release') } },
        publish: 'never',
      };
      const environment = { CUSTOM_FPM_PATH: process.env.CUSTOM_FPM_PATH, LINUX_TOOLS_MAC_PATH: process.env.LINUX_TOOLS_MAC_PATH };
      process.env.CUSTOM_FPM_PATH = fakeFpm;
      process.env.LINUX_TOOLS_MAC_PATH = scratch; // on macOS the deb target would fetch GNU ar/tar otherwise
      try {
        await electronBuilder.build(options);
      } finally {
        for (const [name, value] of Object.entries(environment)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      }

      const fpmArguments = JSON.parse(readFileSync(fpmLog, 'utf8')) as string[];
      const depends = fpmArguments.flatMap((argument, i) => (fpmArguments[i - 1] === '-d' ? [argument] : []));
      expect(depends).toEqual(expect.arrayContaining([...defaultDebDepends, ...OUR_DEB_DEPENDS]));
      expect(fpmArguments[fpmArguments.indexOf('--url') + 1]).toBe('https://stationwatch.invalid/');
      expect(fpmArguments[fpmArguments.indexOf('--maintainer') + 1]).toMatch(/<ops@stationwatch\.invalid>$/);
      expect(refusedConnections).toEqual([]);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 20_000);
});
