// The knowledge base in several languages at size: N generated articles, each with a German and an
// Italian translation (the starter KB's own, renamed), loaded and rendered cold, reloaded unchanged,
// and listed and opened localized. Prints a table. About a minute for 10,000:
//   node_modules/.bin/node scripts/bench/content.ts [--articles 10000]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadContent } from '#lib/content/load.ts';
import { EMPLOYEE, getLocalizedArticle, listLocalizedArticles } from '#lib/content/store.ts';

const { values } = parseArgs({ options: { articles: { type: 'string', default: '10000' } } });
const n = Number(values.articles);
const root = path.resolve('content');
const kb = path.join(root, 'kb');
const sources = fs.readdirSync(kb).filter((f) => /^[a-z0-9-]+\.md$/.test(f));
const translated = sources.filter((f) => fs.existsSync(path.join(kb, f.replace(/\.md$/, '.de.md'))));
if (translated.length === 0) throw new Error('content/kb has no German translations to copy');

/** `n` articles; with `languages`, each gets those translations too (the starter's, renamed). */
function generate(languages: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-bench-content-'));
  fs.mkdirSync(path.join(dir, 'kb'));
  fs.copyFileSync(path.join(root, 'categories.json'), path.join(dir, 'categories.json'));
  for (let i = 0; i < n; i++) {
    const file = translated[i % translated.length]!;
    const unique = (text: string) =>
      text.replace(
        /^title: (.*)$/m,
        (_m, t: string) => `title: ${JSON.stringify(`${t.replace(/^["']|["']$/g, '')} ${i}`)}`,
      ) + `\nReference GEN${i}.\n`;
    fs.writeFileSync(
      path.join(dir, 'kb', `generated-${i}.md`),
      unique(fs.readFileSync(path.join(kb, file), 'utf8')),
    );
    for (const locale of languages) {
      const translation = path.join(kb, file.replace(/\.md$/, `.${locale}.md`));
      if (fs.existsSync(translation))
        fs.writeFileSync(
          path.join(dir, 'kb', `generated-${i}.${locale}.md`),
          unique(fs.readFileSync(translation, 'utf8')),
        );
    }
  }
  return dir;
}

const rows: Array<{ measure: string; value: string }> = [];
const time = <T>(measure: string, run: () => T): T => {
  const t0 = performance.now();
  const result = run();
  rows.push({ measure, value: `${(performance.now() - t0).toFixed(0)} ms` });
  return result;
};

// The second pass writes the same sources as the first: their renders come from the in-memory render
// cache (keyed by the Markdown, as after a restart with the render store), so its cold load measures
// the translations' rendering and everything else the loader does for three times the files.
for (const languages of [[], ['de', 'it']]) {
  const dir = generate(languages);
  const label = `${n.toLocaleString('en')} articles${languages.length ? ` + ${languages.join(', ')} translations` : ''}`;
  const content = time(`${label}: load and render, cold`, () => loadContent(dir));
  rows.push({
    measure: `${label}: files loaded`,
    value: `${content.articles.length + content.translations.length} (${content.problems.length} problems)`,
  });
  time(`${label}: reload, nothing changed`, () => loadContent(dir, content));
  if (languages.length) {
    time(`${label}: listing in German, first (localize and sort all)`, () =>
      listLocalizedArticles(content, EMPLOYEE, 'de'),
    );
    const t0 = performance.now();
    for (let k = 0; k < 10; k++)
      listLocalizedArticles(content, EMPLOYEE, 'de', { type: 'article', category: 'accounts' });
    rows.push({
      measure: `${label}: listing in German, one category, cached`,
      value: `${((performance.now() - t0) / 10).toFixed(2)} ms`,
    });
    const t1 = performance.now();
    for (let k = 0; k < 10_000; k++)
      getLocalizedArticle(content, EMPLOYEE, 'article', `generated-${(k * 7919) % n}`, k % 2 ? 'de' : 'it');
    rows.push({
      measure: `${label}: one localized article, first or cached`,
      value: `${(((performance.now() - t1) / 10_000) * 1000).toFixed(1)} µs`,
    });
  }
  fs.rmSync(dir, { recursive: true, force: true });
}
console.table(rows);
