import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { storageCause } from '#lib/config/data-dir.ts';

export type StorageHealth = {
  /** ok; low: writes work but free space is under the threshold; unwritable: a write just failed. */
  storage: 'ok' | 'low' | 'unwritable';
  /** Free space on DATA_DIR's volume for this user, in whole MB (null where statfs cannot tell). */
  freeMb: number | null;
  /** A sentence for the operator when storage is not ok. */
  reason: string | null;
};

const MB = 1024 * 1024;

/**
 * Whether DATA_DIR takes writes now: a tiny file is written and removed (only a real write learns that
 * the disk is full, over quota or read-only), and the volume's free space is compared with a threshold,
 * so the warning comes before writes fail. Cheap enough for every /healthz call.
 */
export async function probeStorage(dataDir: string, minFreeBytes: number): Promise<StorageHealth> {
  const free = await fs.statfs(dataDir).then(
    (s) => s.bavail * s.bsize,
    () => null,
  );
  const freeMb = free === null ? null : Math.floor(free / MB);
  const probe = path.join(dataDir, `.health-probe-${randomBytes(6).toString('hex')}`);
  try {
    await fs.writeFile(probe, 'ok');
  } catch (error) {
    const cause = storageCause(error) ?? (error as Error).message;
    return {
      storage: 'unwritable',
      freeMb,
      reason: `DATA_DIR cannot be written to (${cause}): new tickets, replies and saves are refused with 503 until it can; reading works. Free some space on ${dataDir}.`,
    };
  } finally {
    await fs.rm(probe, { force: true }).catch(() => {});
  }
  if (free !== null && free < minFreeBytes)
    return {
      storage: 'low',
      freeMb,
      reason: `Only ${freeMb} MB free on DATA_DIR's volume (${dataDir}), less than MIN_FREE_MB (${Math.round(minFreeBytes / MB)} MB): free some space before writes start failing.`,
    };
  return { storage: 'ok', freeMb, reason: null };
}
