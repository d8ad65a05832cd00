// Builds the server bundle (dist/) when it is missing or older than the sources, so `npm start`
// works on a fresh clone and does not rebuild when nothing changed.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const inputs = ['src', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json'];

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0;
  const stat = fs.statSync(p);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))));
}

/** Runs `astro build` when needed; returns whether it built. Exits the process if the build fails. */
export function buildIfStale(): boolean {
  const newest = Math.max(...inputs.map((p) => newestMtime(path.join(root, p))));
  const built = fs.existsSync(stamp) ? Number(fs.readFileSync(stamp, 'utf8')) : 0;
  if (built >= newest && fs.existsSync(path.join(root, 'dist', 'server', 'entry.mjs'))) return false;
  console.log('Building the site (first start or changed sources)…');
  const result = spawnSync(
    process.execPath,
    [path.join(root, 'node_modules', 'astro', 'bin', 'astro.mjs'), 'build'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' },
    },
  );
  if (result.status !== 0) {
    console.error('The site build failed; see the messages above.');
    process.exit(1);
  }
  fs.writeFileSync(stamp, String(newest));
  return true;
}

/** Names the build in dist/ (what renders articles in the server), for caches that must not outlive it. */
export function buildStamp(): string {
  return fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : 'unbuilt';
}

if (import.meta.main) buildIfStale();
