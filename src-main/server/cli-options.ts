/**
 * `npm run serve` options: parsed with node:util parseArgs into a plain config, and the simulator
 * and database shortcuts applied to settings. Pure, so both are tested without starting anything.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { activeProfile, SimulatorSourceSchema } from '../../src-shared/settings/schema';
import type { DatabaseSettings, Scenario, Settings } from '../../src-shared/settings/schema';
import { parseScenarioArg } from '../engine/cli/scenario-arg';
import { SIMULATOR_OPTIONS_HELP } from '../cli/simulator-help';

/** What the command line asked for. */
export interface ServeConfig {
  readonly port: number;
  readonly host: string;
  readonly configPath: string | null;
  readonly dataDir: string;
  readonly tlsCertPath: string | null;
  readonly tlsKeyPath: string | null;
  readonly insecureHttp: boolean;
  /** Names browsers reach the server by besides 127.0.0.1, localhost, [::1] and --host (see request-origin.ts). */
  readonly publicHosts: readonly string[];
  readonly shortcuts: SimulatorShortcuts;
  /** --forward-kafka-brokers and --forward-kafka-topic: accepted HTTP pushes are produced there before the 2xx. */
  readonly forwardToKafka: { readonly brokers: readonly string[]; readonly topic: string } | null;
  readonly help: boolean;
}

/** Demo and test shortcuts; each one given overrides the active profile. */
export interface SimulatorShortcuts {
  readonly stations?: number;
  readonly seed?: number;
  readonly speed?: number;
  readonly scenarios?: readonly Scenario[];
  readonly noOutliers?: boolean;
  readonly database?: DatabaseSettings;
}

/** The usage `npm run serve -- --help` prints. */
export const SERVE_USAGE = `usage: npm run serve -- [options]

Headless mode: the app for a browser or a wall display, over HTTP and WebSocket.

Options [default]:
  --port <n>           port to listen on; 0 picks a free one [8080]
  --host <address>     address to listen on [127.0.0.1]. Any other than 127.0.0.1, ::1 or localhost
                       requires tokens (from STATIONWATCH_VIEWER_TOKEN / STATIONWATCH_OPERATOR_TOKEN or
                       their _FILE forms; those not given are generated and written to the owner-only
                       <data-dir>/tokens.json, whose path is printed) and TLS unless --insecure-http.
                       STATIONWATCH_OPERATORS_FILE names an owner-only JSON file of named operator tokens,
                       [{"name": "Ana de Vries", "token": "…"}], so the audit trail names each person.
                       STATIONWATCH_INGEST_TOKEN (or _FILE) is the only token that may POST readings to
                       /ingest and /ingest/sensor-logger (HTTP push sources); it grants nothing else
  --public-host <name> a name browsers use to reach the server, e.g. a DNS name or a reverse proxy's
                       (repeatable). Requests and WebSocket handshakes must name the server itself in
                       Host and Origin: 127.0.0.1, localhost or [::1] with the port, the --host address,
                       or one of these [none; on --host 0.0.0.0 or :: without it, any Host is let through
                       to the token check]
  --config <file>      settings file (JSON), read at start and written by saves [<data-dir>/settings.json]
  --data-dir <dir>     where headless mode keeps its state, such as the embedded database [per user:
                       ~/.local/share/stationwatch on Linux, ~/Library/Application Support/Stationwatch
                       on macOS, %APPDATA%\\Stationwatch on Windows]
  --tls-cert <file>    TLS certificate (PEM), together with --tls-key [none: plain HTTP]
  --tls-key <file>     TLS private key (PEM, an owner-only file), together with --tls-cert [none]
  --insecure-http      allow plain HTTP on an address other than the local ones [off]
  --forward-kafka-brokers <host:port,...>  with --forward-kafka-topic <topic>: every accepted HTTP push is
                       also produced to that Kafka topic (one message per reading, our wire format,
                       acks=all) before it is answered 2xx, for desktops that consume from Kafka [off]

Settings live in one file: --config when given, else <data-dir>/settings.json (the other is not read).
A save in the settings dialog rewrites it (atomically, owner-only) and restarts the engine when the
active profile's source or database changed. Secrets are never written there: each comes from
STATIONWATCH_SECRET_<PROFILE>_<NAME>, e.g. STATIONWATCH_SECRET_CITY_SASL_PASSWORD, or its _FILE form.

Shortcuts: each one given changes the active profile for this run; the dialog shows the result, and a
save from it writes that [the built-in profile's value]:
  --stations <n>       simulated stations [12]
${SIMULATOR_OPTIONS_HELP}
  --database <db>      memory, pglite or a postgres:// URL [pglite: the embedded database]
  -h, --help           print this help

Example:
  npm run serve -- --port 8080 --stations 50 --scenario heatwave:st-03:120:300`;

/** Parse argv (without node and script); throws with a plain message on bad input. */
export function parseServeArgs(argv: readonly string[], defaultDir: string): ServeConfig {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      config: { type: 'string' },
      'data-dir': { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'insecure-http': { type: 'boolean', default: false },
      'public-host': { type: 'string', multiple: true },
      'forward-kafka-brokers': { type: 'string' },
      'forward-kafka-topic': { type: 'string' },
      stations: { type: 'string' },
      seed: { type: 'string' },
      speed: { type: 'string' },
      scenario: { type: 'string', multiple: true },
      'no-outliers': { type: 'boolean', default: false },
      database: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const port = integer('--port', values.port, 0, 65_535) as number;
  const publicHosts = values['public-host'] ?? [];
  // Compared with the Host header as is: a URL or a path would never match.
  const notAHost = publicHosts.find((name) => !/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d+)?$/i.test(name));
  if (notAHost !== undefined) throw new Error(`--public-host takes a host name, optionally with :port, not ${JSON.stringify(notAHost)}.`);
  if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined)) throw new Error('--tls-cert and --tls-key go together.');
  const forwardBrokers = values['forward-kafka-brokers'];
  const forwardTopic = values['forward-kafka-topic'];
  if ((forwardBrokers === undefined) !== (forwardTopic === undefined)) throw new Error('--forward-kafka-brokers and --forward-kafka-topic go together.');
  const brokers = forwardBrokers?.split(',').map((b) => b.trim()).filter((b) => b.length > 0) ?? [];
  if (forwardBrokers !== undefined && (brokers.length === 0 || forwardTopic!.trim() === '')) throw new Error('--forward-kafka-brokers needs host:port entries and --forward-kafka-topic a topic name.');
  const stations = integer('--stations', values.stations, 1, 100_000);
  const seed = integer('--seed', values.seed, -(2 ** 31), 2 ** 31);
  const speed = values.speed === undefined ? undefined : Number(values.speed);
  if (speed !== undefined && !(speed > 0)) throw new Error('--speed must be a positive number.');
  const shortcuts: SimulatorShortcuts = {
    ...(stations !== undefined ? { stations } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(speed !== undefined ? { speed } : {}),
    ...(values.scenario !== undefined ? { scenarios: values.scenario.map(parseScenarioArg) } : {}),
    ...(values['no-outliers'] ? { noOutliers: true } : {}),
    ...(values.database !== undefined ? { database: parseDatabase(values.database) } : {}),
  };
  return {
    port,
    host: values.host,
    configPath: values.config ?? null,
    dataDir: values['data-dir'] ?? defaultDir,
    tlsCertPath: values['tls-cert'] ?? null,
    tlsKeyPath: values['tls-key'] ?? null,
    insecureHttp: values['insecure-http'],
    publicHosts,
    shortcuts,
    forwardToKafka: forwardBrokers !== undefined ? { brokers, topic: forwardTopic!.trim() } : null,
    help: values.help,
  };
}

/** Apply the shortcuts to the active profile; simulator shortcuts turn it into a simulator profile. */
export function applyShortcuts(settings: Settings, shortcuts: SimulatorShortcuts): Settings {
  const profile = activeProfile(settings);
  const touchesSimulator = shortcuts.stations !== undefined || shortcuts.seed !== undefined || shortcuts.speed !== undefined || shortcuts.scenarios !== undefined || shortcuts.noOutliers === true;
  let source = profile.source;
  if (touchesSimulator) {
    const base = source.kind === 'simulator' ? source : SimulatorSourceSchema.parse({ kind: 'simulator' });
    source = {
      ...base,
      ...(shortcuts.stations !== undefined ? { stations: shortcuts.stations } : {}),
      ...(shortcuts.seed !== undefined ? { seed: shortcuts.seed } : {}),
      ...(shortcuts.speed !== undefined ? { speed: shortcuts.speed } : {}),
      ...(shortcuts.scenarios !== undefined ? { scenarios: [...shortcuts.scenarios] } : {}),
      ...(shortcuts.noOutliers === true ? { outlierRate: 0 } : {}),
    };
  }
  const updated = { ...profile, source, database: shortcuts.database ?? profile.database };
  return { ...settings, activeProfileId: updated.id, profiles: settings.profiles.map((p) => (p.id === updated.id ? updated : p)) };
}

/** Per-user data directory: XDG on Linux, Application Support on macOS, APPDATA on Windows. */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, home: string): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Stationwatch');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Stationwatch');
  return join(env.XDG_DATA_HOME ?? join(home, '.local', 'share'), 'stationwatch');
}

function parseDatabase(text: string): DatabaseSettings {
  if (text === 'memory') return { kind: 'memory' };
  if (text === 'pglite') return { kind: 'pglite', dir: null };
  if (/^postgres(ql)?:\/\//.test(text)) return { kind: 'postgres', url: text, ssl: false };
  throw new Error(`--database must be memory, pglite or a postgres:// URL, not ${JSON.stringify(text)}.`);
}

function integer(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${flag} must be an integer from ${min} to ${max}, not ${JSON.stringify(text)}.`);
  return value;
}
