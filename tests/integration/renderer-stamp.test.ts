import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '#test/temp.ts';
import { builtRendererStamp, rendererStamp } from '../../scripts/build-if-stale.ts';

describe('the renderer stamp that keeps stored renders', () => {
  it('changes with the renderer, the files it imports and the installed packages, and with nothing else', () => {
    const repository = writeTree(tempDir(), {
      'package.json': '{"dependencies":{"rehype-sanitize":"^6.0.0"}}',
      'package-lock.json': '{"packages":{"node_modules/rehype-sanitize":{"version":"6.0.0"}}}',
      'node_modules/.package-lock.json': '{"packages":{"node_modules/rehype-sanitize":{"version":"6.0.0"}}}',
      'src/lib/content/render.ts': [
        "import rehypeSanitize from 'rehype-sanitize';",
        "import { tidy } from './tidy.ts';",
        "import './plugins.ts';",
        "const later = () => import('./later.ts');",
        "// see './gone' for the old slugger (a comment naming no file: counted, never read)",
      ].join('\n'),
      'src/lib/content/plugins.ts': 'export {};\n',
      'src/lib/content/later.ts': 'export {};\n',
      'src/lib/content/tidy.ts': "import { words } from '#lib/text/words.ts';\nexport const tidy = 1;\n",
      'src/lib/text/words.ts': 'export const words = 1;\n',
      'src/lib/tickets/tickets.ts': 'export const tickets = 1;\n',
    });
    const stamp = rendererStamp(repository);
    const edit = (file: string, text: string) => fs.appendFileSync(path.join(repository, file), text);

    edit('src/lib/tickets/tickets.ts', 'export const more = 2;\n');
    // What is locked but not installed yet (npm ci has not run) renders nothing differently.
    edit('package-lock.json', '\n');
    expect(rendererStamp(repository)).toBe(stamp);

    const stamps = new Set([stamp]);
    for (const file of [
      'src/lib/content/render.ts',
      'src/lib/content/tidy.ts',
      'src/lib/text/words.ts',
      'src/lib/content/plugins.ts',
      'src/lib/content/later.ts',
      'node_modules/.package-lock.json',
    ]) {
      edit(file, '\n// changed\n');
      stamps.add(rendererStamp(repository));
    }
    expect(stamps.size).toBe(7);
    // Without node_modules (nothing installed there yet), the lock file names the packages.
    fs.rmSync(path.join(repository, 'node_modules'), { recursive: true });
    const locked = rendererStamp(repository);
    edit('package-lock.json', '\n// changed\n');
    expect(rendererStamp(repository)).not.toBe(locked);
  });

  it('names the renderer this repository built, run by this Node.js', () => {
    expect(rendererStamp()).toMatch(/^[0-9a-f]{16}$/);
    expect(builtRendererStamp()).toMatch(
      new RegExp(`^[0-9a-f]{16}:${process.version.replace(/\./g, '\\.')}$`),
    );
  });
});
