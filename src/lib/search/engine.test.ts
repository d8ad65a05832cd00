import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '#test/temp.ts';
import { parseConfig } from '#lib/config/config.ts';
import {
  findFreePort,
  resolveMeilisearchBinary,
  SearchEngineError,
  startSearchEngine,
  waitForHealth,
} from './engine.ts';

const quiet = () => {};
const isAlive = (pid: number) =>
  fs.existsSync(`/proc/${pid}`) && !/^State:\s*Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));

describe('managed Meilisearch', () => {
  it('starts on 127.0.0.1 with a private master key and stops without leaving a process', async () => {
    const dataDir = tempDir();
    const engine = await startSearchEngine(parseConfig({ DATA_DIR: dataDir }), quiet);
    const pid = Number(fs.readFileSync(path.join(dataDir, 'meili.pid'), 'utf8'));
    try {
      expect(engine.managed).toBe(true);
      expect(engine.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(fs.statSync(path.join(dataDir, 'meili-master-key')).mode & 0o777).toBe(0o600);
      expect(fs.readFileSync(path.join(dataDir, 'meili-master-key'), 'utf8').trim()).toBe(engine.apiKey);
      // The key is enforced: without it the engine refuses.
      expect((await fetch(`${engine.url}/indexes`)).status).toBe(401);
      expect(
        (await fetch(`${engine.url}/indexes`, { headers: { Authorization: `Bearer ${engine.apiKey}` } }))
          .status,
      ).toBe(200);
      expect(fs.existsSync(path.join(dataDir, 'meili', 'data.ms'))).toBe(true);
    } finally {
      await engine.stop();
    }
    expect(isAlive(pid)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'meili.pid'))).toBe(false);
  });

  it('restarts the engine when it dies', async () => {
    const dataDir = tempDir();
    const messages: string[] = [];
    const engine = await startSearchEngine(parseConfig({ DATA_DIR: dataDir }), (m) => messages.push(m));
    try {
      const pid = Number(fs.readFileSync(path.join(dataDir, 'meili.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      await expect.poll(() => messages.some((m) => m.includes('back')), { timeout: 20_000 }).toBe(true);
      expect(await waitForHealth(engine.url, 1000)).toBe(true);
      expect(Number(fs.readFileSync(path.join(dataDir, 'meili.pid'), 'utf8'))).not.toBe(pid);
    } finally {
      await engine.stop();
    }
  });

  it('kills an orphan left by a crashed run before starting', async () => {
    const dataDir = tempDir();
    const config = parseConfig({ DATA_DIR: dataDir });
    // What a SIGKILLed Fixpoint leaves: a detached meilisearch on our database, and its pid file.
    const port = await findFreePort();
    // A shell that starts it in the background and exits makes it a real orphan (its parent is gone).
    const bin = resolveMeilisearchBinary(config).replace(/'/g, `'\\''`);
    const dbPath = path.join(dataDir, 'meili', 'data.ms');
    const out = execFileSync(
      'sh',
      [
        '-c',
        `'${bin}' --db-path '${dbPath}' --http-addr 127.0.0.1:${port} --no-analytics >/dev/null 2>&1 & echo $!`,
      ],
      { encoding: 'utf8' },
    );
    const orphan = { pid: Number(out.trim()) };
    fs.writeFileSync(path.join(dataDir, 'meili.pid'), String(orphan.pid));
    expect(await waitForHealth(`http://127.0.0.1:${port}`, 20_000)).toBe(true);

    const engine = await startSearchEngine(config, quiet);
    try {
      expect(isAlive(orphan.pid!)).toBe(false);
      expect(await waitForHealth(engine.url, 1000)).toBe(true);
    } finally {
      await engine.stop();
    }
  });

  it('says how to fix a missing binary', async () => {
    const config = parseConfig({ DATA_DIR: tempDir(), MEILI_BIN: '/nonexistent/meilisearch' });
    await expect(startSearchEngine(config, quiet)).rejects.toThrow(SearchEngineError);
    await expect(startSearchEngine(config, quiet)).rejects.toThrow(/MEILI_BIN.*does not exist.*Fix/);
  });

  it('uses an external server as it is when MEILI_URL is set', async () => {
    const engine = await startSearchEngine(
      parseConfig({ DATA_DIR: tempDir(), MEILI_URL: 'http://127.0.0.1:9/', MEILI_API_KEY: 'k' }),
      quiet,
    );
    expect(engine).toMatchObject({ managed: false, url: 'http://127.0.0.1:9', apiKey: 'k' });
  }, 20_000);
});
