import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { parseConfig } from '#lib/config/config.ts';
import { startSearchEngine } from '#lib/search/engine.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meili: { url: string; apiKey?: string };
  }
}

/** Starts a real Meilisearch in a temporary DATA_DIR for the test run, and removes it afterwards. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-test-meili-'));
  const engine = await startSearchEngine(parseConfig({ DATA_DIR: dataDir } as NodeJS.ProcessEnv), () => {});
  project.provide('meili', { url: engine.url, apiKey: engine.apiKey });
  return async () => {
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
