/**
 * The diagnostics export for support: a zip of the logs, the settings with anything secret removed,
 * version information and the pipeline status. Secrets are never in settings (they live in
 * secrets.json, which is not included), but URLs can still carry credentials; those are masked too.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { PipelineStatus } from '../../../src-shared/ipc/status';
import type { Settings } from '../../../src-shared/settings/schema';
import { createZip } from './zip-writer';

export interface DiagnosticsInput {
  readonly logFiles: readonly string[];
  readonly settings: Settings;
  readonly versions: Readonly<Record<string, string>>;
  /** Null when the engine did not answer. */
  readonly status: PipelineStatus | null;
  readonly now: number;
}

const MASK = '***';
const SECRET_QUERY = /^(key|api[-_]?key|token|access[-_]?token|secret|password|sig|signature)$/i;

/** Mask the password of a URL and secret-looking query parameters; non-URLs come back unchanged. */
export function maskUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text;
  }
  if (url.password !== '') url.password = MASK;
  for (const key of [...url.searchParams.keys()]) if (SECRET_QUERY.test(key)) url.searchParams.set(key, MASK);
  // URL encodes template braces ({z}/{x}/{y}); keep tile templates readable.
  return decodeURI(url.href);
}

/** Settings safe to hand to support: every string that is a URL is masked. */
export function redactSettings(settings: Settings): unknown {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return maskUrl(value);
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(settings);
}

/** Build the zip. Unreadable log files are listed in a note rather than failing the export. */
export function buildDiagnosticsZip(input: DiagnosticsInput): Buffer {
  const modified = new Date(input.now);
  const entries = [];
  const missing: string[] = [];
  for (const file of input.logFiles) {
    try {
      entries.push({ name: `logs/${basename(file)}`, data: readFileSync(file), modified });
    } catch (error) {
      missing.push(`${basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  entries.push({ name: 'settings.json', data: `${JSON.stringify(redactSettings(input.settings), null, 2)}\n`, modified });
  entries.push({ name: 'version.json', data: `${JSON.stringify({ ...input.versions, exportedAt: new Date(input.now).toISOString() }, null, 2)}\n`, modified });
  entries.push({ name: 'pipeline-status.json', data: `${JSON.stringify(input.status ?? { unavailable: 'The engine did not answer.' }, null, 2)}\n`, modified });
  if (missing.length > 0) entries.push({ name: 'logs/MISSING.txt', data: `${missing.join('\n')}\n`, modified });
  return createZip(entries);
}

/** A file name for the export, e.g. stationwatch-diagnostics-2026-11-23T10-15-00.zip. */
export function diagnosticsFileName(now: number): string {
  return `stationwatch-diagnostics-${new Date(now).toISOString().slice(0, 19).replace(/:/g, '-')}.zip`;
}
