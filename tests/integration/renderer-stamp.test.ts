import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir, writeTree } from '#test/temp.ts';
import { rendererStamp } from '../../scripts/build-if-stale.ts';

describe('the renderer stamp that keeps stored renders', () => {
  it('changes with the renderer, the files it imports and the locked packages, and with nothing else', () => {
    const repository = writeTree(tempDir(), {
      'package-lock.json': '{"packages":{"node_modules/rehype-sanitize":{"version":"6.0.0"}}}',
      'src/lib/content/render.ts':
        "import rehypeSanitize from 'rehype-sanitize';\nimport { tidy } from './tidy.ts';\nimport './plugins.ts';\n",
      'src/lib/content/plugins.ts': 'export {};\n',
      'src/lib/content/tidy.ts': "import { words } from '#lib/text/words.ts';\nexport const tidy = 1;\n",
      'src/lib/text/words.ts': 'export const words = 1;\n',
      'src/lib/tickets/tickets.ts': 'export const tickets = 1;\n',
    });
    const stamp = rendererStamp(repository);
    const edit = (file: string, text: string) => fs.appendFileSync(path.join(repository, file), text);

    edit('src/lib/tickets/tickets.ts', 'export const more = 2;\n');
    expect(rendererStamp(repository)).toBe(stamp);

    const stamps = new Set([stamp]);
    for (const file of [
      'src/lib/content/render.ts',
      'src/lib/content/tidy.ts',
      'src/lib/text/words.ts',
      'src/lib/content/plugins.ts',
      'package-lock.json',
    ]) {
      edit(file, '\n// changed\n');
      stamps.add(rendererStamp(repository));
    }
    expect(stamps.size).toBe(6);
  });

  it('names the renderer of this repository', () => {
    expect(rendererStamp()).toMatch(/^[0-9a-f]{16}$/);
    expect(rendererStamp()).toBe(rendererStamp());
  });
});
