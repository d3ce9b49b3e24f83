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

  it('only src-main/electron may import electron, and only adapters/postgres may import pg', async () => {
    expect(await restrictedImportErrors('src-main/engine/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/adapters/simulator/probe.ts', "import pg from 'pg';\nexport const x = pg;\n")).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/electron/probe.ts', "import { app } from 'electron';\nexport const x = app;\n")).toHaveLength(0);
    expect(await restrictedImportErrors('src-main/adapters/postgres/probe.ts', "import pg from 'pg';\nexport const x = pg;\n")).toHaveLength(0);
  });

  it('src-main/settings refuses electron and both shells: the desktop and headless mode share it', async () => {
    const refused = [
      "import { safeStorage } from 'electron';\nexport const x = safeStorage;\n",
      "import { handleAll } from '../electron/ipc-main';\nexport const x = handleAll;\n",
      "import { startServer } from '../server/server';\nexport const x = startServer;\n",
      "export const x = () => import('electron');\n",
    ];
    for (const code of refused) expect((await restrictedImportErrors('src-main/settings/probe.ts', code)).length, code).toBeGreaterThan(0);
    expect(await restrictedImportErrors('src-main/settings/probe.ts', "import { readFileSync } from 'node:fs';\nimport { SettingsSchema } from '../../src-shared/settings/schema';\nexport const x = [readFileSync, SettingsSchema];\n")).toHaveLength(0);
  });

  it('allowed imports pass: src-shared may use zod, the renderer may use src-shared', async () => {
    expect(await restrictedImportErrors('src-shared/domain/probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toHaveLength(0);
    expect(await restrictedImportErrors('src-renderer/probe.ts', "import { metricInfo } from '../src-shared/domain/metrics';\nexport const x = metricInfo;\n")).toHaveLength(0);
  });
});

describe('raw IPC', () => {
  it('is refused outside the typed wrappers and allowed in them', async () => {
    const code = "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n";
    expect(await restrictedImportErrors('src-main/electron/tray.ts', code)).toHaveLength(1);
    expect(await restrictedImportErrors('src-main/electron/ipc-main.ts', code)).toHaveLength(0);
    expect(await restrictedImportErrors('src-main/electron/preload.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n")).toHaveLength(0);
  });
});
