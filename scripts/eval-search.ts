// `npm run eval:search`: recall@1/3/5 and MRR@10 of the suggestions on tests/fixtures/search-quality.jsonl,
// for the chosen blend and for each ranking alone, against a real Meilisearch and a real SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '#lib/config/config.ts';
import { loadContent } from '#lib/content/load.ts';
import { getDatabase } from '#lib/db/db.ts';
import { createSearchClient } from '#lib/search/client.ts';
import { startSearchEngine } from '#lib/search/engine.ts';
import { evaluateSuggestions, readQualitySet, scoreRankings, type Metrics } from '#lib/search/evaluate.ts';
import { rebuildFtsIndex } from '#lib/search/fts.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import { DEFAULT_FUSION, type FusionWeights } from '#lib/search/suggest.ts';
import { syncArticles } from '#lib/search/sync.ts';

const root = path.resolve(import.meta.dirname, '..');
const cases = readQualitySet(path.join(root, 'tests/fixtures/search-quality.jsonl'));
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-eval-'));
const engine = await startSearchEngine(parseConfig({ DATA_DIR: dataDir }), () => {});
try {
  const { articles } = loadContent(path.join(root, 'content'));
  const client = createSearchClient(engine, 30_000);
  await syncArticles(client, 'eval_articles', articles);
  const db = getDatabase(path.join(dataDir, 'eval.db'));
  rebuildFtsIndex(db, articles);
  const sources = {
    client,
    indexUid: 'eval_articles',
    db,
    articles: new Map(articles.map((a) => [a.slug, a])),
    vocabulary: buildVocabulary(articles),
  };

  const variants: Array<[string, FusionWeights]> = [
    ['fused (default)', DEFAULT_FUSION],
    ['Meilisearch only', { ...DEFAULT_FUSION, fts: 0, titles: 0, meili: 1 }],
    ['FTS5 bm25 only (all fields)', { ...DEFAULT_FUSION, meili: 0, titles: 0 }],
  ];
  if (process.argv.includes('--sweep')) {
    for (const fts of [0.5, 1.5, 2, 3])
      variants.push([`fused meili 1 : fts ${fts}`, { meili: 1, fts, titles: 0, k: DEFAULT_FUSION.k }]);
    for (const titles of [0.5, 0.75, 1.5])
      variants.push([
        `bm25 all fields 1 : titles ${titles}`,
        { meili: 0, fts: 1, titles, k: DEFAULT_FUSION.k },
      ]);
    for (const k of [2, 10, 60]) variants.push([`fused k=${k}`, { ...DEFAULT_FUSION, k }]);
  }
  const fmt = (m: Metrics) =>
    `${m.recall1.toFixed(3)} | ${m.recall3.toFixed(3)} | ${m.recall5.toFixed(3)} | ${m.mrr10.toFixed(3)}`;
  console.log(`\n${cases.length} requests from tests/fixtures/search-quality.jsonl\n`);
  console.log('| ranking | recall@1 | recall@3 | recall@5 | MRR@10 |\n| --- | --- | --- | --- | --- |');
  let main: Awaited<ReturnType<typeof evaluateSuggestions>> | undefined;
  for (const [name, fusion] of variants) {
    const result = await evaluateSuggestions(sources, cases, fusion);
    main ??= result;
    console.log(`| ${name} | ${fmt(result.metrics)} |`);
  }
  console.log(
    '\nDefault blend by kind of request:\n\n| group | n | recall@1 | recall@3 | recall@5 | MRR@10 |\n| --- | --- | --- | --- | --- | --- |',
  );
  const groups = new Map<string, NonNullable<typeof main>['runs']>();
  for (const run of main!.runs)
    for (const g of [`style: ${run.style}`, `lang: ${run.lang}`])
      groups.set(g, [...(groups.get(g) ?? []), run]);
  for (const [g, runs] of [...groups.entries()].sort()) {
    const m = scoreRankings(runs);
    console.log(`| ${g} | ${m.n} | ${fmt(m)} |`);
  }
  if (process.argv.includes('--misses')) {
    console.log('\nMisses (right article not in the top 5):');
    for (const run of main!.runs) {
      const rank = run.ranked.findIndex((s) => run.relevant.includes(s));
      if (rank < 0 || rank >= 5)
        console.log(
          `- [${run.style}/${run.lang}] ${run.query.slice(0, 100)} → want ${run.relevant[0]}, got ${run.ranked.slice(0, 3).join(', ')}`,
        );
    }
  }
} finally {
  await engine.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
