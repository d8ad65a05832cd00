import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const lib = fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.(ts|astro)$/.test(entry.name) ? [file] : [];
  });
}

describe('src/lib/demo', () => {
  it('is imported by no other module under src/lib (the domains never depend on the demo)', () => {
    const demo = path.join(lib, 'demo') + path.sep;
    const offenders = sourceFiles(lib)
      .filter((file) => !file.startsWith(demo))
      .filter((file) => /from\s+['"](#lib\/demo\/|(\.\.\/)+demo\/)|import\(\s*['"](#lib\/demo\/|(\.\.\/)+demo\/)/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(lib, file));
    expect(offenders).toEqual([]);
  });
});
