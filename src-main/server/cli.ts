/**
 * `npm run serve -- --port 8080 …`: headless mode. Settings live in one file, read at start and written
 * by every save from the dialog: --config when given (validated; an invalid one stops the start), else
 * settings.json in the data directory. Secrets and tokens come from the environment or owner-only
 * files. Starts the server and prints where it is and where the tokens it generated are (an owner-only
 * file in the data directory, never stdout). Ctrl-C / SIGTERM stop the engine gracefully.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { loadSettingsFile, readSettingsFile, SETTINGS_FILE, startableSettings } from '../settings/settings-store';
import { SettingsService } from '../settings/settings-service';
import { commandLineOptions } from '../cli/command-line';
import { applyShortcuts, defaultDataDir, parseServeArgs, SERVE_USAGE } from './cli-options';
import { environmentSecrets, readOwnerOnlyFile, tokensFromEnv } from './env-secrets';
import { operatorsFromEnv } from './operators-file';
import { startServer } from './server';
import { generatedTokens, tokenLines, writeTokensFile } from './tokens-file';

async function main(): Promise<void> {
  const defaultDir = defaultDataDir(process.platform, process.env, homedir());
  const config = commandLineOptions({ command: 'npm run serve', usage: SERVE_USAGE, parse: (argv) => parseServeArgs(argv, defaultDir) });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const file = config.configPath ?? join(config.dataDir, SETTINGS_FILE);
  const loaded = config.configPath !== null ? readSettingsFile(config.configPath) : startableSettings(loadSettingsFile(file), (warning) => console.error(`stationwatch: ${warning}`));
  // The shortcuts change this run; the dialog shows the result, and a save from it writes what it shows.
  const owner = new SettingsService({ file, loaded: { ...loaded, settings: applyShortcuts(loaded.settings, config.shortcuts) }, secrets: environmentSecrets(process.env) });
  const settings = owner.settings;
  const sharedTokens = tokensFromEnv(process.env);
  const named = operatorsFromEnv(process.env, sharedTokens);
  const givenTokens = named.length > 0 ? { ...sharedTokens, named } : sharedTokens;
  const server = await startServer({
    host: config.host,
    port: config.port,
    insecureHttp: config.insecureHttp,
    tls: config.tlsCertPath !== null && config.tlsKeyPath !== null ? { cert: readFileSync(config.tlsCertPath), key: readOwnerOnlyFile(config.tlsKeyPath) } : null,
    tokens: givenTokens,
    publicHosts: config.publicHosts,
    ...(config.forwardToKafka !== null ? { forwardToKafka: config.forwardToKafka } : {}),
    engineOptions: { settings, secrets: owner.secretValues(), dataDir: config.dataDir, operator: settings.operator ?? userInfo().username },
    settings: owner,
    onEngineRestart: (info) => console.error(`stationwatch: engine restarted (${info.reason}); restart ${info.restarts}, next attempt in ${info.delayMs} ms`),
  });
  // One write, after the tokens file, so whoever reads the URL line (tests, scripts) finds both.
  const lines = [`Stationwatch headless at ${server.url}/ (engine pid ${server.engine.pid ?? 'n/a'})`, `  settings file:  ${file}`];
  const tokensFile = writeTokensFile(config.dataDir, generatedTokens(server.tokens, givenTokens));
  if (server.tokens !== null) lines.push(...tokenLines(givenTokens, tokensFile, server.url));
  if (named.length > 0) lines.push(`  named operators: ${named.length} (${named.map((o) => o.name).join(', ')})`);
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
