import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '#test/temp.ts';
import { canMountTmpfs, mountTmpfs, type Volume } from '#test/tmpfs.ts';
import { probeStorage } from './storage-health.ts';

let volume: Volume | undefined;
afterEach(() => {
  volume?.unmount();
  volume = undefined;
});

describe('the storage probe behind /healthz', () => {
  it('is ok on a writable folder with room, and leaves nothing behind', async () => {
    const dir = tempDir();
    const health = await probeStorage(dir, 1024 * 1024);
    expect(health).toMatchObject({ storage: 'ok', reason: null });
    expect(health.freeMb).toBeGreaterThan(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('is low, with the reason, when free space is under the threshold (before writes fail)', async () => {
    const dir = tempDir();
    const free = fs.statfsSync(dir);
    const health = await probeStorage(dir, free.bavail * free.bsize + 1024 ** 3);
    expect(health.storage).toBe('low');
    expect(health.reason).toMatch(/^Only \d+ MB free on DATA_DIR's volume .*MIN_FREE_MB.*\.$/);
  });

  it.skipIf(!canMountTmpfs)(
    'is unwritable, with the reason, when the disk is full; ok again once space is back',
    async () => {
      volume = mountTmpfs('1m');
      volume.fill();
      const full = await probeStorage(volume.dir, 0);
      expect(full).toMatchObject({ storage: 'unwritable', freeMb: 0 });
      expect(full.reason).toMatch(/^DATA_DIR cannot be written to \(the disk is full\): .*\.$/);
      volume.free();
      expect(await probeStorage(volume.dir, 0)).toMatchObject({ storage: 'ok', reason: null });
      expect(fs.readdirSync(volume.dir)).toEqual([]);
    },
  );
});
