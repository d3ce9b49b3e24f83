/**
 * The layer rules of docs/DESIGN.md are lint errors, not good intentions: this runs the project's real ESLint
 * configuration on code placed (virtually) in each folder and checks which imports it refuses.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

/** Every layer rule's errors: restricted imports, syntax, properties and globals. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId?.startsWith('no-restricted-')).map((m) => m.message);
}

describe('layer rules', () => {
  it.each([
    ["import { app } from 'electron';", 'electron'],
    ["import pg from 'pg';", 'pg'],
    ["import { Kafka } from 'kafkajs';", 'kafkajs'],
    ["import { readFileSync } from 'node:fs';", 'node:*'],
    ["import { Pipeline } from '../../src-main/core/pipeline';", 'src-main'],
    ["import { createRoot } from 'react-dom/client';", 'react-dom'],
  ])('src-shared refuses %s', async (line) => {
    const errors = await restrictedImportErrors('src-shared/domain/probe.ts', `${line}\nexport const x = 1;\n`);
    expect(errors.length).toBe(1);
  });

  it('src-renderer refuses anything from src-main', async () => {
    const errors = await restrictedImportErrors('src-renderer/probe.ts', "import { Pipeline } from '../src-main/core/pipeline';\nexport const x = Pipeline;\n");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/src-shared only/);
  });

  it('src-main/core refuses adapters and their libraries', async () => {
    expect(await restrictedImportErrors('src-main/core/probe.ts', "import { Kafka } from 'kafkajs';\nexport const x = Kafka;\n")).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/core/probe.ts', "import { SimulatorSource } from '../adapters/simulator/simulator-source';\nexport const x = SimulatorSource;\n")).toHaveLength(1);
  });

  it('src-main/core is pure: no environment modules, no settings owner, no wall clock; windows, rules and alarms no timers either', async () => {
    const refused: [string, string][] = [
      ['src-main/core/probe.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n"],
      ['src-main/core/windows/probe.ts', "import { Worker } from 'worker_threads';\nexport const x = Worker;\n"],
      ['src-main/core/rules/probe.ts', "import { createSettingsService } from '../../settings/settings-service';\nexport const x = createSettingsService;\n"],
      ['src-main/core/probe.ts', 'export const x = Date.now();\n'],
      ['src-main/core/alarms/probe.ts', 'export const x = new Date();\n'],
      ['src-main/core/windows/probe.ts', 'export const x = performance.now();\n'],
      ['src-main/core/rules/probe.ts', 'export const x = setTimeout(() => undefined, 1);\n'],
    ];
    for (const [path, code] of refused) expect((await layerErrors(path, code)).length, `${path}: ${code}`).toBeGreaterThan(0);
    const allowed: [string, string][] = [
      ['src-main/core/alarms/probe.ts', "import type { Alarm } from '../../../src-shared/domain/alarms';\nimport type { Settings } from '../../../src-shared/settings/schema';\nexport const x = (a: Alarm, s: Settings, now: number) => [a, s, new Date(now)];\n"],
      ['src-main/core/probe.ts', "import { WindowAggregator } from './windows/window-aggregator';\nexport const x = WindowAggregator;\nexport const t = performance.now();\n"],
    ];
    for (const [path, code] of allowed) expect(await layerErrors(path, code), `${path}: ${code}`).toHaveLength(0);
  });

  it('only src-main/electron may import electron, and only adapters/postgres may import pg', async () => {
    for (const folder of ['engine', 'engine/host', 'engine/process', 'engine/cli']) {
      expect(await restrictedImportErrors(`src-main/${folder}/probe.ts`, "import { app } from 'electron';\nexport const x = app;\n"), folder).toHaveLength(1);
    }
    expect(await restrictedImportErrors('src-main/adapters/simulator/probe.ts', "import pg from 'pg';\nexport const x = pg;\n")).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/electron/app/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(0);
    expect(await restrictedImportErrors('src-main/adapters/postgres/probe.ts', "import pg from 'pg';\nexport const x = pg;\n")).toHaveLength(0);
  });

  it('src-main/settings refuses electron and both shells: the desktop and headless mode share it', async () => {
    const refused = [
      "import { safeStorage } from 'electron';\nexport const x = safeStorage;\n",
      "import { handleAll } from '../electron/ipc/ipc-main';\nexport const x = handleAll;\n",
      "import { startServer } from '../server/server';\nexport const x = startServer;\n",
      "export const x = () => import('electron');\n",
    ];
    for (const code of refused) expect((await restrictedImportErrors('src-main/settings/probe.ts', code)).length, code).toBeGreaterThan(0);
    expect(await restrictedImportErrors('src-main/settings/probe.ts', "import { readFileSync } from 'node:fs';\nimport { SettingsSchema } from '../../src-shared/settings/schema';\nexport const x = [readFileSync, SettingsSchema];\n")).toHaveLength(0);
  });

  it('the engine is split by process: host and process meet only through the shared protocol, and neither reaches the Electron layer', async () => {
    const refused: [string, string][] = [
      ['src-main/engine/host/probe.ts', "import { startEngine } from '../process/engine';\nexport const x = startEngine;\n"],
      ['src-main/engine/host/probe.ts', "import { SimulatorSource } from '../../adapters/simulator/simulator-source';\nexport const x = SimulatorSource;\n"],
      ['src-main/engine/process/probe.ts', "import { EngineHost } from '../host/engine-host';\nexport const x = EngineHost;\n"],
      ['src-main/engine/process/probe.ts', "import { parseScenarioArg } from '../cli/scenario-arg';\nexport const x = parseScenarioArg;\n"],
      ['src-main/engine/host/probe.ts', "import { handleAll } from '../../electron/ipc/ipc-main';\nexport const x = handleAll;\n"],
      ['src-main/engine/process/probe.ts', "import { push } from '../../electron/ipc/ipc-main';\nexport const x = push;\n"],
      ['src-main/electron/app/probe.ts', "import { startEngine } from '../../engine/process/engine';\nexport const x = startEngine;\n"],
    ];
    for (const [path, code] of refused) expect((await restrictedImportErrors(path, code)).length, `${path}: ${code}`).toBeGreaterThan(0);
    const allowed: [string, string][] = [
      ['src-main/engine/host/probe.ts', "import type { EngineMessage } from '../protocol';\nimport { backoffDelay } from '../../core/backoff';\nexport const x = backoffDelay;\nexport type Y = EngineMessage;\n"],
      ['src-main/engine/process/probe.ts', "import type { EngineOptions } from '../engine-api';\nimport { MemoryStore } from '../../adapters/memory/memory-store';\nexport const x = MemoryStore;\nexport type Y = EngineOptions;\n"],
      ['src-main/engine/cli/probe.ts', "import { startEngine } from '../process/engine';\nexport const x = startEngine;\n"],
      ['src-main/electron/app/probe.ts', "import { EngineHost } from '../../engine/host/engine-host';\nexport const x = EngineHost;\n"],
    ];
    for (const [path, code] of allowed) expect(await restrictedImportErrors(path, code), `${path}: ${code}`).toHaveLength(0);
  });

  it('allowed imports pass: src-shared may use zod, the renderer may use src-shared', async () => {
    expect(await restrictedImportErrors('src-shared/domain/probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toHaveLength(0);
    expect(await restrictedImportErrors('src-renderer/probe.ts', "import { metricInfo } from '../src-shared/domain/metrics';\nexport const x = metricInfo;\n")).toHaveLength(0);
  });
});

describe('raw IPC', () => {
  it('is refused outside the typed wrappers and allowed in them', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n";
    expect(await restrictedImportErrors('src-main/electron/tray/tray.ts', code)).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/electron/ipc/ipc-main.ts', code)).toHaveLength(0);
    expect(await restrictedImportErrors('src-main/electron/ipc/preload.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toHaveLength(0);
  });
});
