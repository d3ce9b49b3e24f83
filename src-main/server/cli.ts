/**
 * `npm run serve -- --port 8080 …`: headless mode. Reads settings from --config (validated), secrets
 * and tokens from the environment or owner-only files, starts the server and prints where it is and
 * the tokens it needs. Ctrl-C / SIGTERM stop the engine gracefully.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { z } from 'zod';
import { SettingsSchema } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { applyShortcuts, defaultDataDir, parseServeArgs, SERVE_USAGE } from './cli-options';
import { readOwnerOnlyFile, secretsFromEnv, tokensFromEnv } from './env-secrets';
import { startServer } from './server';

function loadSettings(path: string | null): Settings {
  if (path === null) return SettingsSchema.parse({});
  const parsed = SettingsSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new Error(`${path} is not valid settings:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

async function main(): Promise<void> {
  const config = parseServeArgs(process.argv.slice(2), defaultDataDir(process.platform, process.env, homedir()));
  if (config.help) {
    console.log(SERVE_USAGE);
    return;
  }
  const settings = applyShortcuts(loadSettings(config.configPath), config.shortcuts);
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const server = await startServer({
    host: config.host,
    port: config.port,
    insecureHttp: config.insecureHttp,
    tls: config.tlsCertPath !== null && config.tlsKeyPath !== null ? { cert: readFileSync(config.tlsCertPath), key: readOwnerOnlyFile(config.tlsKeyPath) } : null,
    tokens: tokensFromEnv(process.env),
    engineOptions: { settings, secrets: secretsFromEnv(process.env, settings.profiles), dataDir: config.dataDir, operator: settings.operator ?? userInfo().username },
    onEngineRestart: (info) => console.error(`stationwatch: engine restarted (${info.reason}); restart ${info.restarts}, next attempt in ${info.delayMs} ms`),
  });
  // One write, so whoever reads the URL line (tests, scripts) also has the tokens.
  const lines = [`Stationwatch headless at ${server.url}/ (engine pid ${server.engine.pid ?? 'n/a'})`];
  if (server.tokens !== null) lines.push(`  viewer token:   ${server.tokens.viewer}`, `  operator token: ${server.tokens.operator}`, `  browser: ${server.url}/?token=<token>`);
  console.log(lines.join('\n'));
  let closing = false;
  const shutdown = (): void => {
    if (closing) return;
    closing = true;
    console.log('Stationwatch: stopping…');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('stationwatch: shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(`stationwatch: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
