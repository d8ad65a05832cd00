import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';

const SCRIPT = path.resolve('scripts/content-check.ts');

function check(files: Record<string, string>) {
  const dir = writeTree(tempDir(), { 'categories.json': TEST_CATEGORIES, ...files });
  const run = spawnSync(process.execPath, [SCRIPT], {
    env: { ...process.env, CONTENT_DIR: dir },
    encoding: 'utf8',
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

const translation = (front: string) =>
  `---\ntitle: Kennwort zurücksetzen\nsummary: So geht es.\nlocale: de\nstatus: published\n${front}\n---\n\nText.\n`;

describe('npm run content:check', () => {
  it('reports a translation older than its source without failing', () => {
    const { code, out } = check({
      'kb/reset.md': articleFile({ updated: '2026-11-20' }),
      'kb/reset.de.md': translation('source_updated: 2026-10-01'),
    });
    expect(code).toBe(0);
    expect(out).toMatch(
      /kb\/reset\.de\.md: older than its source \(follows 2026-10-01; kb\/reset\.md was updated 2026-11-20\)/,
    );
    expect(out).toMatch(/1 translations \(1 de\).*1 translations older than their source/);
  });

  it('fails on a translation with bad front matter or without a source, naming file, field and fix', () => {
    const { code, out } = check({
      'kb/reset.md': articleFile(),
      'kb/reset.de.md': translation('source_updated: 2026-11-01\nowner: someone'),
      'faq/orphan.it.md': translation('source_updated: 2026-11-01').replace('locale: de', 'locale: it'),
    });
    expect(code).toBe(1);
    expect(out).toMatch(
      /✗ kb\/reset\.de\.md \[owner\]: `owner` is not part of a translation.*Fix: remove it/,
    );
    expect(out).toMatch(/✗ faq\/orphan\.it\.md \[source\]: there is no source article faq\/orphan\.md/);
  });
});
