import { describe, expect, it } from 'vitest';
import { activeProfile, defaultSettings } from '../../src-shared/settings/schema';
import type { Settings } from '../../src-shared/settings/schema';
import { applyShortcuts, defaultDataDir, parseServeArgs } from './cli-options';

describe('serve options', () => {
  it('defaults to 127.0.0.1:8080 and the per-user data dir', () => {
    const config = parseServeArgs([], '/home/op/.local/share/stationwatch');
    expect(config).toMatchObject({ port: 8080, host: '127.0.0.1', configPath: null, dataDir: '/home/op/.local/share/stationwatch', tlsCertPath: null, insecureHttp: false, shortcuts: {} });
  });

  it('parses the simulator shortcuts and several scenarios', () => {
    const config = parseServeArgs(['--port', '0', '--stations', '5', '--seed', '7', '--speed', '20', '--no-outliers', '--scenario', 'heatwave:st-03:10:60', '--scenario', 'burst', '--database', 'memory'], '/d');
    expect(config.port).toBe(0);
    expect(config.shortcuts).toMatchObject({ stations: 5, seed: 7, speed: 20, noOutliers: true, database: { kind: 'memory' } });
    expect(config.shortcuts.scenarios).toEqual([
      { kind: 'heatwave', target: 'st-03', startAfterMs: 10_000, durationMs: 60_000 },
      { kind: 'burst', target: null, startAfterMs: 30_000, durationMs: 300_000 },
    ]);
  });

  it('collects the public host names', () => {
    expect(parseServeArgs([], '/d').publicHosts).toEqual([]);
    expect(parseServeArgs(['--public-host', 'stations.example', '--public-host', 'wall.example:8443'], '/d').publicHosts).toEqual(['stations.example', 'wall.example:8443']);
    expect(() => parseServeArgs(['--public-host', 'https://stations.example/'], '/d')).toThrow('--public-host takes a host name');
  });

  it('forwards pushes to Kafka only when both the brokers and the topic are given', () => {
    expect(parseServeArgs([], '/d').forwardToKafka).toBeNull();
    expect(parseServeArgs(['--forward-kafka-brokers', 'kafka-a.invalid:9092, kafka-b.invalid:9092', '--forward-kafka-topic', 'pushed'], '/d').forwardToKafka).toEqual({ brokers: ['kafka-a.invalid:9092', 'kafka-b.invalid:9092'], topic: 'pushed' });
    expect(() => parseServeArgs(['--forward-kafka-topic', 'pushed'], '/d')).toThrow('--forward-kafka-brokers and --forward-kafka-topic go together.');
    expect(() => parseServeArgs(['--forward-kafka-brokers', ' , ', '--forward-kafka-topic', 'pushed'], '/d')).toThrow('needs host:port entries');
  });

  it('refuses bad input with a plain message', () => {
    expect(() => parseServeArgs(['--port', '99999'], '/d')).toThrow('--port must be an integer from 0 to 65535');
    expect(() => parseServeArgs(['--stations', 'many'], '/d')).toThrow('--stations must be an integer');
    expect(() => parseServeArgs(['--tls-cert', 'c.pem'], '/d')).toThrow('--tls-cert and --tls-key go together.');
    expect(() => parseServeArgs(['--database', 'mysql://x'], '/d')).toThrow('--database must be memory, pglite or a postgres:// URL');
    expect(() => parseServeArgs(['--speed', '0'], '/d')).toThrow('--speed must be a positive number.');
    expect(() => parseServeArgs(['--bogus'], '/d')).toThrow();
  });

  it('applies shortcuts to the active profile only', () => {
    const base = defaultSettings();
    const kafka: Settings = {
      ...base,
      activeProfileId: 'city',
      profiles: [...base.profiles, { id: 'city', name: 'City', source: { kind: 'kafka', brokers: ['k:9092'], clientId: 'sw', topics: ['t'], groupId: 'g', start: 'latest', sasl: null, tls: { enabled: false, allowSelfSigned: false }, shape: { preset: 'stationwatch' } }, database: { kind: 'pglite', dir: null } }],
    };
    const changed = applyShortcuts(kafka, { stations: 3, noOutliers: true, database: { kind: 'postgres', url: 'postgres://db/sw', ssl: false } });
    const profile = activeProfile(changed);
    expect(profile.id).toBe('city');
    expect(profile.source).toMatchObject({ kind: 'simulator', stations: 3, outlierRate: 0, seed: 42 });
    expect(profile.database).toEqual({ kind: 'postgres', url: 'postgres://db/sw', ssl: false });
    expect(changed.profiles[0]).toEqual(base.profiles[0]);
    // No shortcuts: the profile is untouched.
    expect(activeProfile(applyShortcuts(kafka, {}))).toEqual(activeProfile(kafka));
  });

  it('picks the per-user data dir by platform', () => {
    expect(defaultDataDir('linux', {}, '/home/op')).toBe('/home/op/.local/share/stationwatch');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: '/data' }, '/home/op')).toBe('/data/stationwatch');
    expect(defaultDataDir('darwin', {}, '/Users/op')).toBe('/Users/op/Library/Application Support/Stationwatch');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\op\\AppData\\Roaming' }, 'C:\\Users\\op')).toContain('Stationwatch');
  });
});
