import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// A full disk is tested on a real one: a small tmpfs that a filler file fills. Mounting needs root
// (and a kernel that allows it); where it cannot be done, tests that need it are skipped.

const mount = (...args: string[]) => spawnSync('mount', args, { encoding: 'utf8' });

function probeMount(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-tmpfs-probe-'));
  const ok = mount('-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe).status === 0;
  if (ok) spawnSync('umount', [probe]);
  fs.rmdirSync(probe);
  return ok;
}

/** Whether this machine lets the tests mount a tmpfs (root in a kernel that allows it). */
export const canMountTmpfs = probeMount();

export type Volume = {
  dir: string;
  /** Fills the volume until writing fails, leaving about `leave` bytes free. */
  fill(leave?: number): void;
  /** Removes what `fill` wrote: the space is back. */
  free(): void;
  /** Bytes free on the volume. */
  available(): number;
  unmount(): void;
};

/** A fresh tmpfs of `size` (e.g. "32m") in a new temporary folder, private (0700) as DATA_DIR must be. */
export function mountTmpfs(size: string): Volume {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-volume-'));
  const mounted = mount('-t', 'tmpfs', '-o', `size=${size},mode=0700`, 'tmpfs', dir);
  if (mounted.status !== 0) throw new Error(`mount tmpfs on ${dir} failed: ${mounted.stderr}`);
  const filler = path.join(dir, 'filler');
  const available = () => {
    const { bavail, bsize } = fs.statfsSync(dir);
    return bavail * bsize;
  };
  return {
    dir,
    available,
    fill(leave = 0) {
      const target = Math.max(0, available() - leave);
      const fd = fs.openSync(filler, 'a');
      const chunk = Buffer.alloc(64 * 1024);
      try {
        for (let written = 0; written < target; written += chunk.length)
          fs.writeSync(fd, chunk, 0, Math.min(chunk.length, target - written));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
      } finally {
        fs.closeSync(fd);
      }
    },
    free: () => fs.rmSync(filler, { force: true }),
    unmount() {
      spawnSync('umount', ['-l', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
