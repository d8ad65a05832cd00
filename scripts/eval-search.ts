// `npm run eval:search`: recall@1/3/5 and MRR@10 of the suggestions on tests/fixtures/search-quality.jsonl
// over the requests that an article answers, and for the off-topic ones the share that got no suggestion;
// for the chosen blend and for each ranking alone, then per style, language and form of request,
// against a real Meilisearch and a real SQLite file. `--sweep` tries other blends; `--misses` lists failures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '#lib/config/config.ts';
import { loadContent } from '#lib/content/load.ts';
import { getDatabase } from '#lib/db/db.ts';
import { createSearchClient } from '#lib/search/client.ts';
import { startSearchEngine } from '#lib/search/engine.ts';
import {
  evaluateSuggestions,
  isAnswerable,
  readQualitySet,
  scoreOffTopic,
  scoreRankings,
  type Metrics,
  type OffTopicMetrics,
} from '#lib/search/evaluate.ts';
import { rebuildFtsIndex } from '#lib/search/fts.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import { DEFAULT_FUSION, type FusionWeights } from '#lib/search/suggest.ts';
import { syncArticles } from '#lib/search/sync.ts';

type Evaluation = Awaited<ReturnType<typeof evaluateSuggestions>>;
type Run = Evaluation['runs'][number];

const root = path.resolve(import.meta.dirname, '..');
const cases = readQualitySet(path.join(root, 'tests/fixtures/search-quality.jsonl'));

function variants(): Array<[string, FusionWeights]> {
  const list: Array<[string, FusionWeights]> = [
    ['fused (default)', DEFAULT_FUSION],
    ['Meilisearch only', { ...DEFAULT_FUSION, fts: 0, titles: 0, meili: 1 }],
    ['FTS5 bm25 only (all fields)', { ...DEFAULT_FUSION, meili: 0, titles: 0 }],
  ];
  if (!process.argv.includes('--sweep')) return list;
  for (const fts of [0.5, 1.5, 2, 3])
    list.push([`fused meili 1 : fts ${fts}`, { meili: 1, fts, titles: 0, k: DEFAULT_FUSION.k }]);
  for (const titles of [0.5, 0.75, 1.5])
    list.push([`bm25 all fields 1 : titles ${titles}`, { meili: 0, fts: 1, titles, k: DEFAULT_FUSION.k }]);
  for (const k of [2, 10, 60]) list.push([`fused k=${k}`, { ...DEFAULT_FUSION, k }]);
  return list;
}

const num = (x: number) => x.toFixed(3);
const fmt = (m: Metrics) => `${num(m.recall1)} | ${num(m.recall3)} | ${num(m.recall5)} | ${num(m.mrr10)}`;
const fmtOff = (o: OffTopicMetrics) =>
  o.n === 0 ? '– | –' : `${num(o.noSuggestion)} | ${o.meanShown.toFixed(1)}`;

/** Every run under each group it belongs to: its style, its language, and whether it came with a subject. */
function groupRuns(runs: Run[]): Array<[string, Run[]]> {
  const groups = new Map<string, Run[]>();
  for (const run of runs) {
    const form = run.subject === undefined ? 'one text' : 'subject + description';
    for (const g of [`style: ${run.style}`, `lang: ${run.lang}`, `form: ${form}`])
      groups.set(g, [...(groups.get(g) ?? []), run]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

function printGroups(runs: Run[]) {
  console.log('\nDefault blend by kind of request:\n');
  console.log(
    '| group | n | recall@1 | recall@3 | recall@5 | MRR@10 | off-topic n | no suggestion | shown |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [g, group] of groupRuns(runs)) {
    const m = scoreRankings(group);
    const o = scoreOffTopic(group);
    console.log(`| ${g} | ${m.n} | ${fmt(m)} | ${o.n} | ${fmtOff(o)} |`);
  }
}

const label = (run: Run) =>
  `[${run.style}/${run.lang}] ${run.subject === undefined ? '' : `${run.subject} / `}${run.query.slice(0, 100)}`;

function printMisses(runs: Run[]) {
  console.log('\nMisses (right article not in the top 5):');
  for (const run of runs.filter(isAnswerable)) {
    const rank = run.ranked.findIndex((s) => run.relevant.includes(s));
    if (rank < 0 || rank >= 5)
      console.log(`- ${label(run)} → want ${run.relevant[0]}, got ${run.ranked.slice(0, 3).join(', ')}`);
  }
  console.log('\nOff-topic requests that got suggestions (first three shown):');
  for (const run of runs.filter((r) => !isAnswerable(r) && r.ranked.length > 0))
    console.log(`- ${label(run)} → ${run.ranked.slice(0, 3).join(', ')}`);
}

async function main() {
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
    const answerable = cases.filter(isAnswerable).length;
    console.log(
      `\n${cases.length} requests from tests/fixtures/search-quality.jsonl: ${answerable} that an article answers (recall, MRR), ${cases.length - answerable} off-topic (no suggestion is right; "shown" is the mean list length of 5)\n`,
    );
    console.log('| ranking | recall@1 | recall@3 | recall@5 | MRR@10 | off-topic: no suggestion | shown |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    let first: Evaluation | undefined;
    for (const [name, fusion] of variants()) {
      const result = await evaluateSuggestions(sources, cases, fusion);
      first ??= result;
      console.log(`| ${name} | ${fmt(result.metrics)} | ${fmtOff(result.offTopic)} |`);
    }
    printGroups(first!.runs);
    if (process.argv.includes('--misses')) printMisses(first!.runs);
  } finally {
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
