import path from 'node:path';
import fs from 'node:fs';
import { loadContent } from '#lib/content/load.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import { shapeQuery } from '#lib/search/shape-query.ts';
import { detectLanguage } from '#lib/search/analysis.ts';
const loaded = loadContent(path.join(process.cwd(), 'content'));
const vocab = buildVocabulary(loaded.articles);
const cases = fs
  .readFileSync('tests/fixtures/search-quality.jsonl', 'utf8')
  .trim()
  .split('\n')
  .map((l) => JSON.parse(l));
for (const c of cases) {
  const subject = c.subject ?? c.query;
  const description = c.description ?? '';
  const lang = detectLanguage(`${subject} ${description}`);
  const a = shapeQuery(subject, description, undefined, lang).terms;
  const b = shapeQuery(subject, description, vocab, lang).terms;
  const diffs = a.map((w, i) => (b[i] !== w ? `${w}→${b[i]}` : null)).filter(Boolean);
  if (diffs.length) console.log(c.relevant.length ? 'ANS' : 'OFF', c.style, lang, diffs.join(' '));
}
