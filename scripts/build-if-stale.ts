// Builds the server bundle (dist/) when it is missing or older than the sources, so `npm start`
// works on a fresh clone and does not rebuild when nothing changed.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'dist', '.build-stamp');
const rendererStampFile = path.join(root, 'dist', '.renderer-stamp');
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
  fs.writeFileSync(rendererStampFile, rendererStamp());
  return true;
}

/**
 * The renderer stamp of the code in dist/, written when it was built, and the Node.js version that
 * runs it (its Unicode tables make heading ids): every process (the start process, each web worker,
 * one restarted after a crash while newer sources wait for the next build) keeps its renders under
 * the name of the code that serves, not of the sources on disk.
 */
export function builtRendererStamp(): string {
  const built = fs.existsSync(rendererStampFile)
    ? fs.readFileSync(rendererStampFile, 'utf8').trim()
    : rendererStamp();
  return `${built}:${process.version}`;
}

/**
 * Names the code that renders articles, for the renders kept in the database: `render.ts`, the files
 * of this repository it imports, and the installed packages. Any change to them renders every
 * article again (a sanitizer fix must reach all of them); an upgrade that leaves them alone does not,
 * where keying renders by the build re-rendered 10,000 articles (~60 s before the first page) after
 * every deploy or fresh clone.
 */
export function rendererStamp(repository = root): string {
  const hash = createHash('sha256');
  const seen = new Set<string>();
  const read = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    // A path the pattern found in a comment, or one without its extension, names no file: it still
    // counts as text (a change to it changes the stamp) but must not stop the portal from starting.
    const source = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(no such file)';
    hash.update(`${path.relative(repository, file)}\0${source}\0`);
    // `… from '…'`, `import '…'` and `import('…')` of this repository's files.
    for (const [, spec] of source.matchAll(/(?:from|import)\s*\(?\s*'((?:\.{1,2}|#lib)\/[^']+)'/g))
      read(
        spec!.startsWith('#lib/')
          ? path.join(repository, 'src', 'lib', spec!.slice(5))
          : path.resolve(path.dirname(file), spec!),
      );
  };
  read(path.join(repository, 'src', 'lib', 'content', 'render.ts'));
  // What npm installed (node_modules/.package-lock.json), else what is locked, else the ranges.
  const installed = ['node_modules/.package-lock.json', 'package-lock.json', 'package.json']
    .map((name) => path.join(repository, name))
    .find((file) => fs.existsSync(file));
  hash.update(installed ? fs.readFileSync(installed) : 'no packages');
  return hash.digest('hex').slice(0, 16);
}

if (import.meta.main) buildIfStale();
