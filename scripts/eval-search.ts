// `npm run eval:search`: recall@1/3/5 and MRR@10 of the suggestions on tests/fixtures/search-quality.jsonl
// over the requests that an article answers, and for the off-topic ones the share that got no suggestion;
// for the chosen blend and for each ranking alone, then per style, language and form of request,
// against a real Meilisearch and a real SQLite file. `--sweep` tries other blends; `--misses` lists failures;
// `--without-asked` measures (and refits, with `--gate-only` / `--rerank-only`) the knowledge base with
// no article saying how people ask for it: what articles read alone are weighed by (decision 018);
// `--half-asked --offsets` fits what an article read alone adds to its cosine; `--learned-vectors`
// measures learned phrasings read by the encoder; `--lexical-gate` fits the gate of the ranking without
// the encoder. `--training-weight=w`: how much each request of tests/fixtures/gate-training.jsonl (no article
// answers it; never scored) counts in every fit of the gates (default 0.5; 0 leaves them out). Every run
// also prints the share of tests/fixtures/gate-check.jsonl (no article answers them, no gate is fit on
// them) that gets no suggestion, and the recall of tests/fixtures/recall-check.jsonl (requests written from
// the articles alone, never fit on).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseConfig } from '#lib/config/config.ts';
import { loadContent, type Article } from '#lib/content/load.ts';
import { getDatabase } from '#lib/db/db.ts';
import { createSearchClient } from '#lib/search/client.ts';
import { startSearchEngine } from '#lib/search/engine.ts';
import {
  evaluateSuggestions,
  isAnswerable,
  readQualitySet,
  scoreOffTopic,
  scoreLists,
  scoreRankings,
  type Metrics,
  type OffTopicMetrics,
} from '#lib/search/evaluate.ts';
import { rebuildFtsIndex } from '#lib/search/fts.ts';
import { indexedTexts } from '#lib/search/texts.ts';
import { translationLookup } from '#lib/search/site-suggest.ts';
import { EMPLOYEE } from '#lib/content/store.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import { Encoder } from '#lib/embeddings/encoder.ts';
import { computeArticleVectors } from '#lib/search/evaluate.ts';
import {
  DEFAULT_FUSION,
  DEFAULT_HYBRID,
  detectLanguage,
  repeatOf,
  type FusionWeights,
  type HybridWeights,
} from '#lib/search/suggest.ts';
import { requestInput } from '#lib/search/evaluate.ts';
import { forgetAllPhrasings, REPEAT_SIMILARITY } from '#lib/search/learned.ts';
import { shapeQuery } from '#lib/search/shape-query.ts';
import { teachFromCases } from '#lib/search/evaluate.ts';
import { syncArticles } from '#lib/search/sync.ts';
import { suggestArticles } from '#lib/search/suggest.ts';
import {
  answerProbability,
  FEATURE_NAMES,
  GATE,
  GATE_ALONE,
  gateFor,
  GATES,
  featureVector,
  fitLogistic,
  LEXICAL_FEATURE_NAMES,
  LEXICAL_GATE,
  lexicalFeatureVector,
  type LexicalFeatures,
  type LogisticModel,
  type RankingFeatures,
} from '#lib/search/confidence.ts';
import { OUTSIDE_IT_MARGIN, outsideItCosine } from '#lib/search/outside-it.ts';
import { EMPLOYEE as READER } from '#lib/content/store.ts';
import type { Language } from '#lib/text/language.ts';
import {
  CANDIDATE_FEATURES,
  candidateVector,
  relevance,
  type CandidateSignals,
  type RerankModel,
} from '#lib/search/rerank.ts';

type Evaluation = Awaited<ReturnType<typeof evaluateSuggestions>>;
type Run = Evaluation['runs'][number];

const root = path.resolve(import.meta.dirname, '..');
const cases = readQualitySet(path.join(root, 'tests/fixtures/search-quality.jsonl'));
/**
 * Requests no article answers, written apart from the quality set (never scored): the gates learn
 * "nothing fits" from these too, since the quality set's off-topic requests are few (decision 016,
 * "Session 23"). `--training-weight=w` sets how much each counts (0: not used).
 */
const GATE_TRAINING = readQualitySet(path.join(root, 'tests/fixtures/gate-training.jsonl'));
const TRAINING_WEIGHT = Number(
  process.argv.find((a) => a.startsWith('--training-weight='))?.slice(18) ?? 0.5,
);
/**
 * Requests no article answers, written apart from both the quality set and GATE_TRAINING (and
 * checked against both): no gate is fit on them, so they measure saying "nothing fits" once more.
 */
const CHECK = readQualitySet(path.join(root, 'tests/fixtures/gate-check.jsonl'));
/**
 * Requests an article answers, written by someone who read only the articles (not this set, not their
 * `asked` phrasings): nothing is fit on them, so they say how the ranking does on requests it never saw.
 */
const RECALL_CHECK = readQualitySet(path.join(root, 'tests/fixtures/recall-check.jsonl'));
const WITHOUT_ASKED = process.argv.includes('--without-asked');
/** `--half-asked`: every other article (by slug, half A) read alone, the rest with its phrasings. */
const HALF_ASKED = process.argv.includes('--half-asked');
/** The gate the study refits: GATE, or with `--without-asked` GATE_ALONE. */
const COMMITTED_GATE = WITHOUT_ASKED ? GATE_ALONE : GATE;

const sameAlpha = (alpha: number, titles = DEFAULT_HYBRID.titles): HybridWeights => ({
  ...DEFAULT_HYBRID,
  alpha: { en: alpha, de: alpha, it: alpha },
  titles,
  minScore: 0,
  outsideIt: [],
  gate: null,
  // One blend for every language: no learned order of the candidates.
  rerank: {},
  alone: { alpha: { en: alpha, de: alpha, it: alpha }, rerank: {}, offset: DEFAULT_HYBRID.alone.offset },
});

function variants(): Array<[string, { fusion?: FusionWeights; hybrid?: HybridWeights | null }]> {
  const list: Array<[string, { fusion?: FusionWeights; hybrid?: HybridWeights | null }]> = [
    ['hybrid (default)', {}],
    ['lexical (without the encoder)', { hybrid: null }],
    ['encoder only', { hybrid: sameAlpha(0) }],
    ['hybrid without the minimum score', { hybrid: { ...DEFAULT_HYBRID, minScore: 0 } }],
    ['hybrid without the outside-IT check', { hybrid: { ...DEFAULT_HYBRID, outsideIt: [] } }],
    ['hybrid without the gate (decision 016)', { hybrid: { ...DEFAULT_HYBRID, gate: null } }],
    [
      'before the gate: minimum 0.45, the outside-IT check in every language',
      { hybrid: { ...DEFAULT_HYBRID, gate: null, minScore: 0.45, outsideIt: ['en', 'de', 'it'] } },
    ],
    ['lexical without its gate', { hybrid: null, fusion: { ...DEFAULT_FUSION, gate: null } }],
    [
      'Meilisearch only',
      { hybrid: null, fusion: { ...DEFAULT_FUSION, fts: 0, titles: 0, meili: 1, gate: null } },
    ],
    [
      'FTS5 bm25 only (all fields)',
      { hybrid: null, fusion: { ...DEFAULT_FUSION, meili: 0, titles: 0, gate: null } },
    ],
  ];
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

function printGroups(columns: Array<[string, Run[]]>) {
  console.log(
    '\nBy kind of request (recall@1 | recall@3 | recall@5 | MRR@10; off-topic: no suggestion | shown):\n',
  );
  console.log(
    `| group | n | ${columns.map(([name]) => name).join(' | ')} | off-topic n | ${columns.map(([name]) => `${name}: off-topic`).join(' | ')} |`,
  );
  console.log(
    `| --- | --- | ${columns.map(() => '---').join(' | ')} | --- | ${columns.map(() => '---').join(' | ')} |`,
  );
  const grouped = columns.map(([, runs]) => new Map(groupRuns(runs)));
  for (const [g, group] of groupRuns(columns[0]![1])) {
    const ms = grouped.map((m) => fmt(scoreRankings(m.get(g)!)).replaceAll(' | ', ' / '));
    const os = grouped.map((m) => fmtOff(scoreOffTopic(m.get(g)!)).replaceAll(' | ', ' / '));
    console.log(
      `| ${g} | ${scoreRankings(group).n} | ${ms.join(' | ')} | ${scoreOffTopic(group).n} | ${os.join(' | ')} |`,
    );
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
  const encoder = new Encoder();
  try {
    const loaded = loadContent(path.join(root, 'content'));
    // `--without-asked`: the knowledge base as one written before decision 018 (no article says how
    // people ask for it), which is what GATE_ALONE is fit on.
    // `--half-asked`: a desk that has written phrasings for some articles only, to see whether the
    // two kinds compete fairly (each request is told by the half its answer is in).
    const halfA = new Set(
      loaded.articles
        .map((a) => a.slug)
        .sort()
        .filter((_, i) => i % 2 === 1),
    );
    const readAlone = (slug: string) => WITHOUT_ASKED || (HALF_ASKED && halfA.has(slug));
    const content = {
      ...loaded,
      articles: loaded.articles.map((a) => (readAlone(a.slug) ? { ...a, asked: [] } : a)),
    };
    const { articles } = content;
    const client = createSearchClient(engine, 30_000);
    await syncArticles(client, 'eval_articles', indexedTexts(content));
    const db = getDatabase(path.join(dataDir, 'eval.db'));
    rebuildFtsIndex(db, indexedTexts(content));
    await computeArticleVectors(db, encoder, articles);
    const sources = {
      encoder,
      // The evaluation measures the ranking, not the machine: it waits for every query's vector.
      encoderTimeoutMs: 60_000,
      client,
      indexUid: 'eval_articles',
      db,
      articles: new Map(articles.map((a) => [a.slug, a])),
      translation: translationLookup(content, EMPLOYEE, new Map(articles.map((a) => [a.slug, a]))),
      vocabulary: buildVocabulary(articles),
    };
    // `--rerank-only`: the reranking study alone, without the tables before it (a quicker loop).
    if (process.argv.includes('--rerank-only')) return await rerankStudy(sources);
    // `--gate-only`: the gate study alone (observes every request twice; a quicker loop than the tables).
    if (process.argv.includes('--gate-only')) return await gateStudy(sources);
    // `--lexical-gate`: the gate of the ranking without the encoder (LEXICAL_GATE), refit alone.
    if (process.argv.includes('--lexical-gate')) return await lexicalGateStudy(sources);
    // `--offsets`: what an article read alone adds to its cosine, on a mixed knowledge base (with
    // `--half-asked`), told by the half whose article answers.
    if (process.argv.includes('--offsets')) return await offsetSweep(sources, halfA);
    if (process.argv.includes('--learned-vectors')) return await learnedVectors(sources, encoder, articles);
    // `--learned-only`: the time split of learning from confirmed solves alone.
    if (process.argv.includes('--learned-only')) {
      await learningSplit(sources);
      return await learningSplit(sources, RECALL_CHECK, 'tests/fixtures/recall-check.jsonl');
    }
    const answerable = cases.filter(isAnswerable).length;
    console.log(
      `\n${cases.length} requests from tests/fixtures/search-quality.jsonl: ${answerable} that an article answers (recall, MRR), ${cases.length - answerable} off-topic (no suggestion is right; "shown" is the mean list length of 5)\n`,
    );
    // "answered: shown" and "right of shown": an answerable request's list length of 5, and the share
    // of what it shows that answers it (the rest is padding to read past).
    console.log(
      '| ranking | recall@1 | recall@3 | recall@5 | MRR@10 | off-topic: no suggestion | shown | answered: shown | right of shown |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    const results: Evaluation[] = [];
    for (const [name, options] of variants()) {
      const result = await evaluateSuggestions(sources, cases, options);
      results.push(result);
      const lists = scoreLists(result.runs);
      console.log(
        `| ${name} | ${fmt(result.metrics)} | ${fmtOff(result.offTopic)} | ${lists.meanShown.toFixed(1)} | ${num(lists.precision)} |`,
      );
    }
    const check = async (options: Parameters<typeof evaluateSuggestions>[2]) =>
      num((await evaluateSuggestions(sources, CHECK, options)).offTopic.noSuggestion);
    console.log(
      `\nThe check set (tests/fixtures/gate-check.jsonl: ${CHECK.length} requests no article answers, never fit on): no suggestion for ${await check({})} hybrid, ${await check({ hybrid: null })} lexical`,
    );
    const recall = async (options: Parameters<typeof evaluateSuggestions>[2]) =>
      fmt((await evaluateSuggestions(sources, RECALL_CHECK, options)).metrics);
    console.log(
      `\nThe recall check set (tests/fixtures/recall-check.jsonl: ${RECALL_CHECK.length} requests an article answers, written from the articles alone, never fit on), recall@1 | recall@3 | recall@5 | MRR@10: hybrid ${await recall({})}; without the gate ${await recall({ hybrid: { ...DEFAULT_HYBRID, gate: null } })}; lexical ${await recall({ hybrid: null })}`,
    );
    printGroups([
      ['lexical', results[1]!.runs],
      ['encoder', results[2]!.runs],
      ['hybrid', results[0]!.runs],
    ]);
    const inHalf = (a: boolean) =>
      results[0]!.runs.filter((r) => isAnswerable(r) && halfA.has(r.relevant[0]!) === a);
    console.log(
      `
Hybrid, by the half of the knowledge base whose article answers (\`--half-asked\` reads half A alone): A ${fmt(scoreRankings(inHalf(true)))}; B ${fmt(scoreRankings(inHalf(false)))}`,
    );
    await learningSplit(sources);
    await learningSplit(sources, RECALL_CHECK, 'tests/fixtures/recall-check.jsonl');
    if (process.argv.includes('--sweep') || process.argv.includes('--languages'))
      await languageSweep(sources);
    if (process.argv.includes('--sweep')) await sweep(sources, results[1]!.metrics.recall5);
    if (process.argv.includes('--misses')) printMisses(results[0]!.runs);
    if (process.argv.includes('--gate')) await gateStudy(sources);
    if (process.argv.includes('--rerank')) await rerankStudy(sources);
  } finally {
    encoder.close();
    await engine.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * `--learned-vectors`: would learned phrasings (decision 014) help as vectors too? The time split of
 * `learningSplit`, then the earlier half's requests also read by the encoder as their articles'
 * phrasings, as `asked` is. Leaves those vectors behind: the run ends here. Session 18: not kept
 * (decision 018, "Session 18").
 */
async function learnedVectors(
  sources: Parameters<typeof evaluateSuggestions>[0],
  encoder: Encoder,
  articles: Article[],
) {
  const half = Math.floor(cases.length / 2);
  const earlier = cases.slice(0, half);
  const later = cases.slice(half);
  const show = async (name: string, options = {}) => {
    const r = await evaluateSuggestions(sources, later, options);
    console.log(`| ${name} | ${fmt(r.metrics)} | ${fmtOff(r.offTopic)} |`);
  };
  await show('nothing learned', { hybrid: { ...DEFAULT_HYBRID, learned: 0 } });
  teachFromCases(sources.db, earlier);
  await show('learned, bm25');
  const taught = new Map<string, string[]>();
  for (const c of earlier) {
    if (!isAnswerable(c)) continue;
    const input = requestInput(c);
    const text = `${input.subject}\n${input.description}`.replace(/\s+/g, ' ').trim();
    taught.set(c.relevant[0]!, [...(taught.get(c.relevant[0]!) ?? []), text]);
  }
  const augmented = articles.map((a) => ({
    ...a,
    asked: [...a.asked, ...(taught.get(a.slug) ?? []).slice(-30)],
  }));
  await computeArticleVectors(sources.db, encoder, augmented);
  await show('learned, bm25 + encoded');
  await show('learned, encoded only', { hybrid: { ...DEFAULT_HYBRID, learned: 0 } });
  forgetAllPhrasings(sources.db);
}

async function offsetSweep(sources: Parameters<typeof evaluateSuggestions>[0], halfA: Set<string>) {
  console.log(
    '\n| alone offset | all: R@1 / R@3 / R@5 / MRR@10 | half A (alone) | half B (phrased) | off-topic with none |',
  );
  console.log('| --- | --- | --- | --- | --- |');
  const inHalf = (runs: Run[], a: boolean) =>
    runs.filter((r) => isAnswerable(r) && halfA.has(r.relevant[0]!) === a);
  const row = (name: string, runs: Run[]) =>
    console.log(
      `| ${name} | ${fmt(scoreRankings(runs))} | ${fmt(scoreRankings(inHalf(runs, true)))} | ${fmt(scoreRankings(inHalf(runs, false)))} | ${num(scoreOffTopic(runs).noSuggestion)} |`,
    );
  const offsets = [0, 0.02, 0.04, 0.06, 0.08, 0.1, 0.12];
  const runsAt: Run[][] = [];
  for (const offset of offsets) {
    const hybrid = { ...DEFAULT_HYBRID, alone: { ...DEFAULT_HYBRID.alone, offset } };
    runsAt.push((await evaluateSuggestions(sources, cases, { hybrid })).runs);
    row(String(offset), runsAt.at(-1)!);
  }
  // Held out: each fold (request number mod 5) ranked at the offset the other four score best by MRR@10.
  const heldOut: Run[] = [];
  const chosen: number[] = [];
  for (let fold = 0; fold < 5; fold++) {
    const mrr = (runs: Run[]) => scoreRankings(runs.filter((_, i) => i % 5 !== fold)).mrr10;
    const best = runsAt.reduce((b, runs, k) => (mrr(runs) > mrr(runsAt[b]!) ? k : b), 0);
    chosen.push(offsets[best]!);
    heldOut.push(...runsAt[best]!.filter((_, i) => i % 5 === fold));
  }
  row(`held out (5-fold; chosen ${chosen.join(', ')})`, heldOut);
}

/**
 * Learning from confirmed solves, measured by a time split: the earlier half of the requests (in file
 * order) are taught as if each had been solved by its first relevant article, then the later half is
 * scored with and without what was learned. The learned rows are removed afterwards.
 */
async function learningSplit(
  sources: Parameters<typeof evaluateSuggestions>[0],
  requests = cases,
  name = 'the quality set',
) {
  const half = Math.floor(requests.length / 2);
  const taught = teachFromCases(sources.db, requests.slice(0, half));
  const later = requests.slice(half);
  console.log(
    `\nLearning from confirmed solves, ${name} (time split: the first ${half} requests teach ${taught} phrasings, the ${later.length} later ones are scored):\n`,
  );
  console.log('| ranking | recall@1 | recall@3 | recall@5 | MRR@10 | off-topic: no suggestion | shown |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  const rows: Array<[string, { fusion?: FusionWeights; hybrid?: HybridWeights | null }]> = [
    ['hybrid, nothing learned', { hybrid: { ...DEFAULT_HYBRID, learned: 0 } }],
    ['hybrid, learned (default)', {}],
    ...[0.3, 1].map((learned): [string, { hybrid: HybridWeights }] => [
      `hybrid, learned × ${learned}`,
      { hybrid: { ...DEFAULT_HYBRID, learned } },
    ]),
    ['lexical, nothing learned', { hybrid: null, fusion: { ...DEFAULT_FUSION, learned: 0 } }],
    ['lexical, learned', { hybrid: null }],
  ];
  for (const [name, options] of rows) {
    const result = await evaluateSuggestions(sources, later, options);
    console.log(`| ${name} | ${fmt(result.metrics)} | ${fmtOff(result.offTopic)} |`);
  }
  // Later requests worded as an earlier solved one (`solvedRepeat`): put first whatever the gates say.
  let [repeats, right, offTopic] = [0, 0, 0];
  for (const c of later) {
    const input = requestInput(c);
    const lang = detectLanguage(`${input.subject}\n${input.description}`);
    const terms = shapeQuery(input.subject, input.description, sources.vocabulary, lang).terms;
    const repeat = repeatOf(sources, input, terms, lang, () => true);
    if (!repeat) continue;
    repeats++;
    if (c.relevant.includes(repeat.slug)) right++;
    if (!isAnswerable(c)) offTopic++;
  }
  console.log(
    `\nLater requests worded as an earlier solved one (similarity ≥ ${REPEAT_SIMILARITY}): ${repeats}, the solving article right for ${right}, off-topic ${offTopic}.`,
  );
  forgetAllPhrasings(sources.db);
}

/**
 * German and Italian requests (decision 062): lexical (their own language's analysed table fused with
 * the English articles through the term map), and hybrid with the encoder reading their translated
 * words, at a few alphas; without the own-language table for comparison.
 */
async function languageSweep(sources: Parameters<typeof evaluateSuggestions>[0]) {
  console.log(
    '\nGerman and Italian requests by ranking (recall@1 / recall@5 / MRR@10; off-topic: no suggestion):\n',
  );
  console.log('| ranking | de | it | en | de off-topic | it off-topic |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  const rows: Array<[string, { fusion?: FusionWeights; hybrid?: HybridWeights | null }]> = [
    ['default', {}],
    ...[0, 0.25, 0.75, 1, 1.25, 1.5].map((native): [string, { hybrid: HybridWeights }] => [
      `hybrid, own-language bm25 × ${native}`,
      { hybrid: { ...DEFAULT_HYBRID, native } },
    ]),
    ['lexical', { hybrid: null }],
    ...[0, 0.5, 0.75, 1, 1.5].map((native): [string, { hybrid: null; fusion: FusionWeights }] => [
      `lexical, own-language lists weighted ${native}`,
      { hybrid: null, fusion: { ...DEFAULT_FUSION, native, nativeTitles: native } },
    ]),
    ...[0.01, 0.5, 1, 2].map((floor): [string, { hybrid: null; fusion: FusionWeights }] => [
      `lexical, German and Italian suggested from bm25 ${floor}`,
      { hybrid: null, fusion: { ...DEFAULT_FUSION, foreignMinBm25: floor } },
    ]),
    ...[0.5, 0.7, 0.9].map((a): [string, { hybrid: HybridWeights }] => [
      `hybrid for de/it, alpha ${a}`,
      {
        hybrid: {
          ...DEFAULT_HYBRID,
          alpha: { ...DEFAULT_HYBRID.alpha, de: a, it: a },
          alone: { ...DEFAULT_HYBRID.alone, alpha: { ...DEFAULT_HYBRID.alone.alpha, de: a, it: a } },
        },
      },
    ]),
    ...[0, 0.25, 0.3].map((minScore): [string, { hybrid: HybridWeights }] => [
      `hybrid, German and Italian minimum ${minScore}`,
      { hybrid: { ...DEFAULT_HYBRID, foreignMinScore: minScore } },
    ]),
  ];
  for (const [name, options] of rows) {
    const { runs } = await evaluateSuggestions(sources, cases, options);
    const cell = (lang: string) => {
      const m = scoreRankings(runs.filter((r) => r.lang === lang));
      return `${num(m.recall1)} / ${num(m.recall5)} / ${num(m.mrr10)}`;
    };
    const off = (lang: string) => fmtOff(scoreOffTopic(runs.filter((r) => r.lang === lang))).split(' | ')[0];
    console.log(`| ${name} | ${cell('de')} | ${cell('it')} | ${cell('en')} | ${off('de')} | ${off('it')} |`);
  }
}

const ALPHAS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];
const CEILINGS: Array<[number, number]> = [
  [0, 0],
  [8, 0.6],
  [10, 0.65],
  [12, 0.7],
  [15, 0.7],
  [10, 0.75],
];
const THRESHOLDS = [0, 0.3, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];
/** The language each request is ranked as (alpha is chosen per detected language, not per label). */
const detected = (c: Run) => {
  const input = requestInput(c);
  return detectLanguage(`${input.subject}\n${input.description}`);
};
const better = (a: Metrics, b: Metrics) =>
  a.mrr10 > b.mrr10 || (a.mrr10 === b.mrr10 && a.recall5 > b.recall5);
/** Runs keeping only the articles scoring at least `t` (as suggestArticles does: only hybrid-ranked ones). */
const cut = (runs: Run[], t: number): Run[] =>
  runs.map((r) => {
    // The minimum swept here is English's; German and Italian have their own (foreignMinScore).
    if (detected(r) !== 'en') return r;
    const keep = r.scores.map((s) => s >= t);
    return { ...r, ranked: r.ranked.filter((_, i) => keep[i]), scores: r.scores.filter((_, i) => keep[i]) };
  });

/** Best alpha per detected language on `train`, by MRR@10 (then recall@5). */
function chooseAlphas(byAlpha: Run[][], train: Set<number>): Record<string, number> {
  const chosen: Record<string, number> = {};
  for (const lang of ['en', 'de', 'it']) {
    let best = -1;
    let bestM: Metrics | undefined;
    byAlpha.forEach((runs, a) => {
      const m = scoreRankings(runs.filter((r, i) => train.has(i) && detected(r) === lang));
      if (!bestM || better(m, bestM)) [best, bestM] = [a, m];
    });
    chosen[lang] = ALPHAS[best]!;
  }
  return chosen;
}

async function sweep(sources: Parameters<typeof evaluateSuggestions>[0], lexicalRecall5: number) {
  console.log(
    '\nSweep: one alpha for every language, no minimum score (alpha 1 is the lexical ranking of today):\n',
  );
  console.log(
    '| alpha | titles | recall@1 | recall@3 | recall@5 | MRR@10 | en R@5 / MRR | de R@5 / MRR | it R@5 / MRR |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const byAlpha: Run[][] = [];
  for (const titles of [0, 0.5, 1])
    for (const alpha of ALPHAS) {
      const { runs, metrics } = await evaluateSuggestions(sources, cases, {
        hybrid: sameAlpha(alpha, titles),
      });
      if (titles === DEFAULT_HYBRID.titles) byAlpha.push(runs);
      const lang = (l: string) => {
        const m = scoreRankings(runs.filter((r) => detected(r) === l));
        return `${num(m.recall5)} / ${num(m.mrr10)}`;
      };
      console.log(
        `| ${alpha} | ${titles} | ${fmt(metrics)} | ${lang('en')} | ${lang('de')} | ${lang('it')} |`,
      );
    }
  console.log(
    '\n5-fold cross-validation (fold = request number mod 5; alpha per detected language chosen on the other four folds by MRR@10):\n',
  );
  console.log('| fold | alpha en / de / it | held-out recall@5 | held-out MRR@10 |');
  console.log('| --- | --- | --- | --- |');
  const heldOut: Run[] = [];
  for (let fold = 0; fold < 5; fold++) {
    const train = new Set(cases.map((_, i) => i).filter((i) => i % 5 !== fold));
    const alphas = chooseAlphas(byAlpha, train);
    const test = cases
      .map((_, i) => i)
      .filter((i) => i % 5 === fold)
      .map((i) => byAlpha[ALPHAS.indexOf(alphas[detected(byAlpha[0]![i]!)]!)]![i]!);
    heldOut.push(...test);
    const m = scoreRankings(test);
    console.log(
      `| ${fold} | ${alphas.en} / ${alphas.de} / ${alphas.it} | ${num(m.recall5)} | ${num(m.mrr10)} |`,
    );
  }
  console.log(
    `| all held out | | ${fmt(scoreRankings(heldOut)).split(' | ').slice(2, 3)} | ${num(scoreRankings(heldOut).mrr10)} |`,
  );
  const all = chooseAlphas(byAlpha, new Set(cases.map((_, i) => i)));
  console.log(`Alpha chosen on all requests: en ${all.en}, de ${all.de}, it ${all.it}`);

  console.log(
    `\nMinimum score for the default alphas by normalisation ceiling (lexical recall@5 today: ${num(lexicalRecall5)}):\n`,
  );
  console.log(
    '| ceiling bm25 / cosine | minimum | recall@1 | recall@3 | recall@5 | MRR@10 | off-topic: no suggestion | shown | answerable: no suggestion |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const [bm25, cosine] of CEILINGS) {
    const hybrid = { ...DEFAULT_HYBRID, minScore: 0, ceiling: { ...DEFAULT_HYBRID.ceiling, bm25, cosine } };
    const { runs } = await evaluateSuggestions(sources, cases, { hybrid });
    for (const t of THRESHOLDS) {
      const kept = cut(runs, t);
      const none = kept.filter((r) => isAnswerable(r) && r.ranked.length === 0).length;
      console.log(
        `| ${bm25} / ${cosine} | ${t} | ${fmt(scoreRankings(kept))} | ${fmtOff(scoreOffTopic(kept))} | ${none} |`,
      );
    }
  }
}

type Observed = Run & {
  features: RankingFeatures | null;
  outside: number | null;
  detectedLang: Language;
  candidates: Array<{ slug: string; signals: CandidateSignals }>;
};

/** Every request ranked by the hybrid ranking with no minimum, no outside-IT check and no gate, with its features. */
async function observe(
  sources: Parameters<typeof evaluateSuggestions>[0],
  /** The English model that orders request `i`'s candidates (out of its fold); default: the shipped one. */
  rerankFor?: (i: number) => RerankModel,
  /** Rank each answerable request without the articles that answer it: an IT request no article covers. */
  withoutAnswers = false,
  requests = cases,
): Promise<Observed[]> {
  // The outside-IT topics' vectors are asked for in the background by the first request: wait for them.
  const encoder = sources.encoder;
  for (let i = 0; i < 50 && encoder && outsideItCosine(encoder, new Float32Array(512), 60_000) === null; i++)
    await new Promise((r) => setTimeout(r, 100));
  const hybrid = { ...DEFAULT_HYBRID, minScore: 0, foreignMinScore: 0, outsideIt: [], gate: null };
  const observed: Observed[] = [];
  for (const [i, c] of requests.entries()) {
    let seen: Pick<Observed, 'features' | 'outside' | 'detectedLang' | 'candidates'> = {
      features: null,
      outside: null,
      detectedLang: 'en',
      candidates: [],
    };
    if (withoutAnswers && !isAnswerable(c)) {
      observed.push({
        ...c,
        ranked: [],
        scores: [],
        features: null,
        outside: null,
        detectedLang: 'en',
        candidates: [],
      });
      continue;
    }
    const { results } = await suggestArticles(sources, requestInput(c), READER, {
      ...(withoutAnswers ? { declined: new Set(c.relevant) } : {}),
      limit: 10,
      // The study runs on one kind of article (phrased, or alone with `--without-asked`): one model for both.
      hybrid: rerankFor
        ? {
            ...hybrid,
            rerank: { en: rerankFor(i) },
            alone: { ...hybrid.alone, rerank: { en: rerankFor(i) } },
          }
        : hybrid,
      explain: (e) =>
        (seen = { features: e.features, outside: e.outside, detectedLang: e.lang, candidates: e.candidates }),
    });
    observed.push({ ...c, ranked: results.map((r) => r.slug), scores: results.map((r) => r.score), ...seen });
  }
  return observed;
}

/** The English order of candidates (rerank.ts), pointwise: "this candidate answers the request". */
function fitRerank(train: Observed[], lambda = 0.01, keep?: number[]): RerankModel {
  const xs: number[][] = [];
  const ys: number[] = [];
  for (const o of train)
    for (const c of o.candidates) {
      const x = candidateVector(c.signals);
      xs.push(keep ? keep.map((j) => x[j]!) : x);
      ys.push(o.relevant.includes(c.slug) ? 1 : 0);
    }
  return fitLogistic(xs, ys, { lambda, steps: 1500 });
}

/**
 * Requests observed as the gate sees them when the English order is learned too: each request's
 * candidates ordered by a model fit without its fold (5 folds, request number mod 5), so the gate
 * learns from scores like those of requests the model never saw (an in-sample model scores the
 * right article too confidently, and the gate would trust that).
 */
async function observeOutOfFold(
  sources: Parameters<typeof evaluateSuggestions>[0],
  withoutAnswers = false,
): Promise<{ observed: Observed[]; uncovered: Observed[] | null }> {
  const first = await observe(sources);
  const english = (fold: number) =>
    first.filter((o, i) => i % 5 !== fold && isAnswerable(o) && o.detectedLang === 'en');
  const models = [0, 1, 2, 3, 4].map((fold) => fitRerank(english(fold)));
  return {
    observed: await observe(sources, (i) => models[i % 5]!),
    uncovered: withoutAnswers ? await observe(sources, (i) => models[i % 5]!, true) : null,
  };
}

/** The runs as shipped would show them: the per-article minimum, then nothing where `suppress` says so. */
function decide(
  observed: Observed[],
  minimum: { en: number; other: number },
  suppress: (o: Observed, i: number) => boolean,
): Run[] {
  return observed.map((o, i) => {
    if (suppress(o, i)) return { ...o, ranked: [], scores: [] };
    const t = o.detectedLang === 'en' ? minimum.en : minimum.other;
    const keep = o.scores.map((s) => s >= t);
    return { ...o, ranked: o.ranked.filter((_, j) => keep[j]), scores: o.scores.filter((_, j) => keep[j]) };
  });
}

type Budget = Record<Language, number>;
const LANGUAGES: Language[] = ['en', 'de', 'it'];
const budgetName = (b: Budget) =>
  b.en === b.de && b.de === b.it ? `${b.en}` : LANGUAGES.map((l) => `${l} ${b[l]}`).join(', ');
/** `--budget=0.02` (every language) or `--budget=en:0.02,de:0.02,it:-1` (-1: no gate for that language). */
/** A fitted model's constants as they are committed (four significant digits). */
function committable(model: LogisticModel): LogisticModel {
  const round = (xs: number[]) => xs.map((v) => Number(v.toPrecision(4)));
  return {
    mean: round(model.mean),
    scale: round(model.scale),
    weights: round(model.weights),
    bias: Number(model.bias.toPrecision(4)),
  };
}

function parseBudget(arg: string | undefined, fallback: Budget): Budget {
  if (!arg) return fallback;
  if (!arg.includes(':')) return { en: Number(arg), de: Number(arg), it: Number(arg) };
  const parts = Object.fromEntries(arg.split(',').map((p) => p.split(':')));
  return { en: Number(parts.en ?? 0), de: Number(parts.de ?? 0), it: Number(parts.it ?? 0) };
}

/**
 * The gate (decision 016): a logistic regression on the best candidate's features says whether the
 * knowledge base answers a request at all. 5-fold cross-validation (fold = request number mod 5): the
 * model and its thresholds are fit on four folds (per detected language, the highest threshold that
 * leaves at most `budget` of that language's answerable training requests without suggestions), the
 * fifth is scored. Only held-out numbers are printed; then the model fit on every request, to commit
 * as GATE. The outside-IT nearness is a feature; `--misses` lists the held-out mistakes.
 */
async function gateStudy(sources: Parameters<typeof evaluateSuggestions>[0]) {
  // `--uncovered`: also rank each answerable request without the articles that answer it (as after
  // a "No" to them), and say how often the gate then shows nothing; `--uncovered=w` also trains the
  // gate on those as requests no article covers, each counting w (decision 016: it did not help).
  const uncoveredArg = process.argv.find((a) => a.startsWith('--uncovered'));
  const uncoveredWeight = Number(uncoveredArg?.split('=')[1] ?? 0);
  const { observed, uncovered } = DEFAULT_HYBRID.rerank.en
    ? await observeOutOfFold(sources, uncoveredArg !== undefined)
    : { observed: await observe(sources), uncovered: null };
  const y = observed.map((o) => (isAnswerable(o) ? 1 : 0));
  const usable = (o: Observed) => o.features !== null;
  // The training requests, ranked as shipped (the learned order never saw them either way).
  const training =
    TRAINING_WEIGHT > 0 ? (await observe(sources, undefined, false, GATE_TRAINING)).filter(usable) : [];
  const withOutside = observed.filter((o) => o.outside !== null);
  const meanOutside = withOutside.reduce((s, o) => s + o.outside!, 0) / Math.max(1, withOutside.length);
  const only = process.argv
    .find((a) => a.startsWith('--features='))
    ?.slice(11)
    .split(',');
  const ALL = FEATURE_NAMES.map((_, j) => j).filter((j) => !only || only.includes(FEATURE_NAMES[j]!));
  const vector = (o: Observed, keep: number[]) => {
    const x = featureVector(o.features!, o.outside ?? meanOutside, o.detectedLang);
    return keep.map((j) => x[j]!);
  };
  const fit = (train: number[], keep: number[], budget: Budget, lambda = 0.01) => {
    const rows = train.filter((i) => usable(observed[i]!));
    // `--uncovered=w`: each answerable training request ranked without its answers teaches "no
    // article covers this IT request" too, each counting w.
    const extra = uncovered && uncoveredWeight > 0 ? train.filter((i) => usable(uncovered[i]!)) : [];
    const model = fitLogistic(
      [
        ...rows.map((i) => vector(observed[i]!, keep)),
        ...extra.map((i) => vector(uncovered![i]!, keep)),
        ...training.map((o) => vector(o, keep)),
      ],
      [...rows.map((i) => y[i]!), ...extra.map(() => 0), ...training.map(() => 0)],
      {
        lambda,
        rowWeights: [
          ...rows.map(() => 1),
          ...extra.map(() => uncoveredWeight),
          ...training.map(() => TRAINING_WEIGHT),
        ],
      },
    );
    const p = (i: number) =>
      usable(observed[i]!) ? answerProbability(model, vector(observed[i]!, keep)) : 1;
    // Per language, the highest threshold that suppresses at most `budget` of its answerable training requests.
    const threshold = Object.fromEntries(
      LANGUAGES.map((lang) => {
        const answerable = train
          .filter((i) => y[i] === 1 && observed[i]!.detectedLang === lang)
          .map(p)
          .sort((a, b) => a - b);
        const allowed = Math.floor(budget[lang] * answerable.length);
        if (budget[lang] < 0) return [lang, 0];
        return [lang, (allowed === 0 ? Math.min(answerable[0] ?? 0, 1) : answerable[allowed]!) - 1e-9];
      }),
    ) as Record<Language, number>;
    return { model: { ...model, threshold }, p };
  };
  const outside = (o: Observed) => o.outside !== null && o.outside > OUTSIDE_IT_MARGIN;
  const before = { en: 0.45, other: 0.2 };
  const shipped = { en: DEFAULT_HYBRID.minScore, other: DEFAULT_HYBRID.foreignMinScore ?? 0 };
  const heldOut = (
    keep: number[],
    budget: Budget,
    {
      min = shipped,
      lambda = 0.01,
      rule = [] as Language[],
      fixed = null as Record<Language, number> | null,
    } = {},
  ) => {
    const suppressed = new Set<number>();
    for (let fold = 0; fold < 5; fold++) {
      const train = observed.map((_, i) => i).filter((i) => i % 5 !== fold);
      const { model, p } = fit(train, keep, budget, lambda);
      if (process.argv.includes('--thresholds'))
        console.log(`fold ${fold}: ${JSON.stringify(model.threshold)}`);
      observed.forEach((o, i) => {
        // A budget of -1: no gate for that language.
        const threshold = (fixed ?? model.threshold)[o.detectedLang];
        if (i % 5 === fold && budget[o.detectedLang] >= 0 && p(i) < threshold) suppressed.add(i);
      });
    }
    return decide(
      observed,
      min,
      (o, i) => suppressed.has(i) || (rule.includes(o.detectedLang) && outside(o)),
    );
  };
  const row = (name: string, runs: Run[]) => {
    const none = runs.filter((r) => isAnswerable(r) && r.ranked.length === 0).length;
    const lang = (l: string) => {
      const sub = runs.filter((r) => r.lang === l);
      const m = scoreRankings(sub);
      return `${num(m.recall5)} / ${num(m.mrr10)} / ${num(scoreOffTopic(sub).noSuggestion)}`;
    };
    console.log(
      `| ${name} | ${fmt(scoreRankings(runs))} | ${fmtOff(scoreOffTopic(runs))} | ${none} | ${lang('en')} | ${lang('de')} | ${lang('it')} |`,
    );
  };
  console.log(
    '\nGate: does the knowledge base answer the request at all? (held out by 5-fold cross-validation; minimum = per-article minimum score English / German and Italian)\n',
  );
  console.log(
    '| ranking | recall@1 | recall@3 | recall@5 | MRR@10 | off-topic: no suggestion | shown | answerable: none | en R@5 / MRR / off-topic none | de | it |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  row(
    'before: minimum 0.45 / 0.2 and the outside-IT check, no gate',
    decide(observed, before, (o) => outside(o)),
  );
  row(
    'no minimum, no check, no gate',
    decide(observed, { en: 0, other: 0 }, () => false),
  );
  const every = (b: number): Budget => ({ en: b, de: b, it: b });
  if (process.argv.includes('--lambdas'))
    for (const lambda of [0.001, 0.01, 0.1])
      row(`gate, λ ${lambda}, budget 0.03`, heldOut(ALL, every(0.03), { lambda }));
  for (const min of [before, shipped, { en: 0, other: 0 }])
    for (const b of [0.01, 0.02, 0.03, 0.04, 0.05, 0.08])
      row(`gate, budget ${b}, minimum ${min.en} / ${min.other}`, heldOut(ALL, every(b), { min }));
  for (const b of [0.02, 0.03])
    row(`gate, budget ${b}, and the outside-IT rule`, heldOut(ALL, every(b), { rule: LANGUAGES }));
  row(
    'gate, budget en 0.02, de 0.02; Italian as before (no gate, the outside-IT rule)',
    heldOut(ALL, { en: 0.02, de: 0.02, it: -1 }, { rule: ['it'] }),
  );
  for (const b of [
    { en: 0.02, de: 0.02, it: 0 },
    { en: 0.02, de: 0.02, it: 0.01 },
    { en: 0.03, de: 0.03, it: 0 },
    { en: 0.03, de: 0.02, it: 0 },
    { en: 0.02, de: 0.03, it: 0 },
  ])
    row(`gate, budget ${budgetName(b)}`, heldOut(ALL, b));
  for (const t of [0.05, 0.075, 0.1, 0.125, 0.15, 0.175, 0.2])
    row(
      `gate, fixed threshold ${t} (en, de); Italian as before`,
      heldOut(ALL, { en: 0, de: 0, it: -1 }, { rule: ['it'], fixed: { en: t, de: t, it: 0 } }),
    );
  for (const it of [0.05, 0.1, 0.15])
    for (const rule of [['it'], []] as Language[][])
      row(
        `gate, fixed threshold 0.15 (en, de), Italian ${it}${rule.length ? ' and the outside-IT rule' : ''}`,
        heldOut(ALL, { en: 0, de: 0, it: 0 }, { rule, fixed: { en: 0.15, de: 0.15, it } }),
      );
  // The curve with one threshold for every language (Italian keeps the outside-IT rule).
  for (const t of [0.1, 0.15, 0.175, 0.2, 0.225, 0.25, 0.3, 0.35, 0.4])
    row(
      `gate, fixed threshold ${t} in every language`,
      heldOut(
        ALL,
        { en: 0, de: 0, it: 0 },
        { rule: DEFAULT_HYBRID.outsideIt, fixed: { en: t, de: t, it: t } },
      ),
    );
  // The check set no gate is fit on, along the same thresholds, the gate fit on every request.
  const checkObserved = await observe(sources, undefined, false, CHECK);
  const { model: onAll } = fit(
    observed.map((_, i) => i),
    ALL,
    every(0),
  );
  const checkNone = (t: number) =>
    num(
      scoreOffTopic(
        decide(
          checkObserved,
          shipped,
          (o) =>
            (DEFAULT_HYBRID.outsideIt.includes(o.detectedLang) && outside(o)) ||
            (usable(o) && answerProbability(onAll, vector(o, ALL)) < t),
        ),
      ).noSuggestion,
    );
  const checkLine = `\nThe check set (${CHECK.length} requests no article answers, never fit on), no suggestion, the gate fit on every request: ${[0.1, 0.15, 0.2, 0.25, 0.3].map((t) => `${t}: ${checkNone(t)}`).join(', ')}`;
  for (const rule of [['de', 'it'], LANGUAGES] as Language[][])
    for (const t of [0.15, 0.2, 0.25])
      row(
        `gate, fixed threshold ${t} in every language, the outside-IT rule for ${rule.join(', ')}`,
        heldOut(ALL, { en: 0, de: 0, it: 0 }, { rule, fixed: { en: t, de: t, it: t } }),
      );
  if (process.argv.includes('--ablation'))
    for (const leaveOut of ALL)
      row(
        `gate without ${FEATURE_NAMES[leaveOut]}, budget 0.03`,
        heldOut(
          ALL.filter((j) => j !== leaveOut),
          every(0.03),
        ),
      );
  const budget = parseBudget(process.argv.find((a) => a.startsWith('--budget='))?.slice(9), {
    en: 0.02,
    de: 0.02,
    it: -1,
  });
  // The thresholds to commit (read off the held-out curve above; decision 016), by default those
  // committed in GATE: `--threshold=0.15` for English and German, or per language
  // `--threshold=en:0.15,de:0.175`; `--it-threshold=` for Italian.
  const thresholdArg = process.argv.find((a) => a.startsWith('--threshold='))?.slice(12);
  const fixedIt = Number(
    process.argv.find((a) => a.startsWith('--it-threshold='))?.slice(15) ?? COMMITTED_GATE.threshold.it,
  );
  const committed = {
    ...parseBudget(thresholdArg, COMMITTED_GATE.threshold),
    it: fixedIt,
  };
  // `--explain=word` (or `--explain='word|other words'`): the features and probability (model fit on
  // every request) of the requests containing any of them.
  const explainWord = process.argv.find((a) => a.startsWith('--explain='))?.slice(10);
  if (explainWord) {
    const { model: all } = fit(
      observed.map((_, i) => i),
      ALL,
      { en: 0, de: 0, it: 0 },
    );
    for (const o of observed.filter((r) =>
      explainWord.split('|').some((w) => label(r).toLowerCase().includes(w.toLowerCase())),
    ))
      console.log(
        label(o),
        o.detectedLang,
        o.features && answerProbability(all, vector(o, ALL)).toFixed(3),
        JSON.stringify(o.features),
        o.outside?.toFixed(3),
      );
  }
  if (process.argv.includes('--misses')) {
    const runs = heldOut(ALL, { en: 0, de: 0, it: 0 }, { rule: DEFAULT_HYBRID.outsideIt, fixed: committed });
    console.log(
      `\nHeld out at thresholds ${JSON.stringify(committed)}: answerable requests left without suggestions, off-topic ones still answered:`,
    );
    observed.forEach((o) => {
      if (isAnswerable(o) && !o.ranked.slice(0, 5).some((s) => o.relevant.includes(s)))
        console.log(
          `- ranked below 5 (no gate): ${label(o)} (want ${o.relevant[0]}, ranked ${o.ranked.slice(0, 2).join(', ')})`,
        );
    });
    runs.forEach((r, i) => {
      if (isAnswerable(r) && r.ranked.length === 0)
        console.log(
          `- none: ${label(r)} (want ${r.relevant[0]}, ranked ${observed[i]!.ranked.slice(0, 2).join(', ')})`,
        );
    });
    runs.forEach((r) => {
      if (!isAnswerable(r) && r.ranked.length > 0)
        console.log(`- shown: ${label(r)} → ${r.ranked.slice(0, 2).join(', ')}`);
    });
  }
  row(
    `**gate, budget ${budgetName(budget)} (--budget)**`,
    heldOut(ALL, budget, { rule: DEFAULT_HYBRID.outsideIt }),
  );
  const { model } = fit(
    observed.map((_, i) => i),
    ALL,
    budget,
  );
  // What the shipped ranking suppresses: the committed GATE at the committed thresholds, and the
  // outside-IT rule where it applies.
  const committedSuppresses = (o: Observed) =>
    (DEFAULT_HYBRID.outsideIt.includes(o.detectedLang) && outside(o)) ||
    (o.features !== null &&
      answerProbability(gateFor(GATES, o.features), featureVector(o.features, o.outside, o.detectedLang)) <
        committed[o.detectedLang]);
  row(
    `in sample: the committed GATE at thresholds ${budgetName(committed)}`,
    decide(observed, shipped, committedSuppresses),
  );
  // The committed thresholds are fixed probabilities read off the held-out curve above (more stable
  // than a quantile of a few low-probability answerable requests).
  row(
    `**gate, thresholds ${budgetName(committed)} and the outside-IT rule for ${DEFAULT_HYBRID.outsideIt.join(', ')} (to commit)**`,
    heldOut(ALL, { en: 0, de: 0, it: 0 }, { rule: DEFAULT_HYBRID.outsideIt, fixed: committed }),
  );
  if (uncovered) {
    const afterNo = decide(uncovered, shipped, committedSuppresses).filter(isAnswerable);
    const none = afterNo.filter((r) => r.ranked.length === 0).length;
    console.log(
      `\nAnswerable requests ranked without the articles that answer them (as after a "No" to each), the committed GATE: ${none} of ${afterNo.length} (${((100 * none) / afterNo.length).toFixed(1)} %) get no suggestion.`,
    );
  }
  console.log(
    `\nThe gate fit on every request, thresholds ${budgetName(committed)}, to commit as ${WITHOUT_ASKED ? 'GATE_ALONE' : 'GATE'} in src/lib/search/confidence.ts (the budget's thresholds would be ${JSON.stringify(Object.fromEntries(LANGUAGES.map((l) => [l, Number(model.threshold[l].toPrecision(3))])))}):`,
  );
  console.log(JSON.stringify({ ...committable(model), threshold: committed }));
  console.log(FEATURE_NAMES.map((n, j) => `${n}: ${model.weights[j]!.toFixed(2)}`).join(', '));
  console.log(checkLine);
}

/**
 * The gate of the ranking without the encoder (LEXICAL_GATE): the same question as GATE's, "does
 * the knowledge base answer this at all?", from the words alone, for when the encoder cannot answer
 * (a first start before the vectors, busy, down). A logistic regression on the best article's
 * lexical features, held out by 5-fold cross-validation (fold = request number mod 5) along fixed
 * thresholds; then the model fit on every request, to commit, at `--lexical-threshold=` (default
 * the committed one).
 */
async function lexicalGateStudy(sources: Parameters<typeof evaluateSuggestions>[0]) {
  const observeLexically = async (requests: typeof cases) => {
    const observed: Array<Run & { features: LexicalFeatures | null; detectedLang: Language }> = [];
    for (const c of requests) {
      let seen: { features: LexicalFeatures | null; lang: Language } = { features: null, lang: 'en' };
      const { results } = await suggestArticles(sources, requestInput(c), READER, {
        limit: 10,
        hybrid: null,
        fusion: { ...DEFAULT_FUSION, gate: null },
        explainLexical: (e) => (seen = e),
      });
      observed.push({
        ...c,
        ranked: results.map((r) => r.slug),
        scores: results.map((r) => r.score),
        features: seen.features,
        detectedLang: seen.lang,
      });
    }
    return observed;
  };
  const observed = await observeLexically(cases);
  const training =
    TRAINING_WEIGHT > 0 ? (await observeLexically(GATE_TRAINING)).filter((o) => o.features !== null) : [];
  const vector = (o: (typeof observed)[number]) => lexicalFeatureVector(o.features!, o.detectedLang);
  // Each training request no article answers counts TRAINING_WEIGHT (decision 016, "Session 23").
  const fit = (rows: number[]) =>
    fitLogistic(
      [...rows.map((i) => vector(observed[i]!)), ...training.map(vector)],
      [...rows.map((i) => (isAnswerable(observed[i]!) ? 1 : 0)), ...training.map(() => 0)],
      { rowWeights: [...rows.map(() => 1), ...training.map(() => TRAINING_WEIGHT)] },
    );
  const usable = observed.map((_, i) => i).filter((i) => observed[i]!.features !== null);
  // Each request's probability from the model fit without its fold.
  const heldOut = new Array<number>(observed.length).fill(1);
  for (let fold = 0; fold < 5; fold++) {
    const model = fit(usable.filter((i) => i % 5 !== fold));
    for (const i of usable.filter((i) => i % 5 === fold))
      heldOut[i] = answerProbability(model, vector(observed[i]!));
  }
  const gated = (p: number[], threshold: number) =>
    observed.map((o, i) => (p[i]! < threshold ? { ...o, ranked: [], scores: [] } : o));
  const row = (name: string, runs: Run[]) => {
    const none = runs.filter((r) => isAnswerable(r) && r.ranked.length === 0).length;
    const lang = (l: string) => {
      const sub = runs.filter((r) => r.lang === l);
      return `${num(scoreRankings(sub).recall5)} / ${num(scoreOffTopic(sub).noSuggestion)}`;
    };
    console.log(
      `| ${name} | ${fmt(scoreRankings(runs))} | ${fmtOff(scoreOffTopic(runs))} | ${none} | ${lang('en')} | ${lang('de')} | ${lang('it')} |`,
    );
  };
  console.log(
    '\nThe gate without the encoder (held out by 5-fold cross-validation): does the knowledge base answer the request at all?\n',
  );
  console.log(
    '| ranking | recall@1 | recall@3 | recall@5 | MRR@10 | off-topic: no suggestion | shown | answerable: none | en R@5 / off-topic none | de | it |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  row('lexical, no gate', observed);
  for (const t of [0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5])
    row(`lexical gate, threshold ${t}`, gated(heldOut, t));
  const threshold = Number(
    process.argv.find((a) => a.startsWith('--lexical-threshold='))?.slice(20) ?? LEXICAL_GATE.threshold.en,
  );
  const model = fit(usable);
  const inSample = observed.map((o) => (o.features ? answerProbability(model, vector(o)) : 1));
  row(`in sample, the model below at ${threshold}`, gated(inSample, threshold));
  console.log(
    `\nThe gate without the encoder fit on every request, threshold ${threshold}, to commit as LEXICAL_GATE in src/lib/search/confidence.ts:`,
  );
  const t = { en: threshold, de: threshold, it: threshold };
  console.log(JSON.stringify({ ...committable(model), threshold: t }));
  console.log(LEXICAL_FEATURE_NAMES.map((n, j) => `${n}: ${model.weights[j]!.toFixed(2)}`).join(', '));
}

/**
 * Ordering the hybrid ranking's candidates by a learned model of their signals instead of the fixed
 * blend (decision 017), held out by 5-fold cross-validation (fold = request number mod 5), on the
 * answerable requests with no minimum and no gate. Pointwise: a logistic regression of "this candidate
 * answers the request"; pairwise: the same on the differences between the right article and each
 * other candidate of its request.
 */
async function rerankStudy(sources: Parameters<typeof evaluateSuggestions>[0]) {
  const observed = await observe(sources);
  const answerable = observed.map((o, i) => [o, i] as const).filter(([o]) => isAnswerable(o));
  const only = process.argv
    .find((a) => a.startsWith('--rerank-features='))
    ?.slice(18)
    .split(',');
  const KEEP = CANDIDATE_FEATURES.map((_, j) => j).filter(
    (j) => !only || only.includes(CANDIDATE_FEATURES[j]!),
  );
  const vec = (o: Observed, c: { signals: CandidateSignals }) => {
    const x = candidateVector(c.signals);
    return KEEP.map((j) => x[j]!);
  };
  const order = (o: Observed, score: (x: number[]) => number) =>
    o.candidates
      .map((c) => ({ slug: c.slug, s: score(vec(o, c)) }))
      .sort((a, b) => b.s - a.s)
      .map((c) => c.slug);
  const fitPointwise = (train: Observed[], lambda: number) => fitRerank(train, lambda, KEEP);
  const fitPairwise = (train: Observed[], lambda: number) => {
    const xs: number[][] = [];
    const ys: number[] = [];
    for (const o of train) {
      const right = o.candidates.filter((c) => o.relevant.includes(c.slug));
      const wrong = o.candidates.filter((c) => !o.relevant.includes(c.slug));
      const wrongVectors = wrong.map((w) => vec(o, w));
      for (const r of right.map((c) => vec(o, c)))
        for (const w of wrongVectors) {
          const d = r.map((v, j) => v - w[j]!);
          xs.push(
            d,
            d.map((v) => -v),
          );
          ys.push(1, 0);
        }
    }
    const m = fitLogistic(xs, ys, { lambda, steps: 1500 });
    return { ...m, mean: m.mean.map(() => 0), bias: 0 };
  };
  const row = (name: string, runs: Array<Observed & { ranked: string[] }>) => {
    const lang = (l: string) => {
      const m = scoreRankings(runs.filter((r) => r.lang === l));
      return `${num(m.recall5)} / ${num(m.mrr10)}`;
    };
    console.log(`| ${name} | ${fmt(scoreRankings(runs))} | ${lang('en')} | ${lang('de')} | ${lang('it')} |`);
  };
  console.log(
    '\nReranking the hybrid candidates (answerable requests, no minimum, no gate; held out by 5-fold CV):\n',
  );
  console.log('| ranking | recall@1 | recall@3 | recall@5 | MRR@10 | en R@5 / MRR | de | it |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  row(
    'fixed blend (today)',
    answerable.map(([o]) => ({ ...o, ranked: order(o, (x) => x[KEEP.indexOf(0)] ?? 0) })),
  );
  const models: Record<string, (train: Observed[], lambda: number) => RerankModel> = {
    pointwise: fitPointwise,
    pairwise: fitPairwise,
  };
  if (process.argv.includes('--no-fit')) return;
  for (const [kind, fit] of Object.entries(models))
    for (const lambda of [0.001, 0.01, 0.1]) {
      const runs: Array<Observed & { ranked: string[] }> = [];
      const english: Array<Observed & { ranked: string[] }> = [];
      for (let fold = 0; fold < 5; fold++) {
        const model = fit(
          answerable.filter(([, i]) => i % 5 !== fold).map(([o]) => o),
          lambda,
        );
        const enModel = fit(
          answerable.filter(([o, i]) => i % 5 !== fold && o.detectedLang === 'en').map(([o]) => o),
          lambda,
        );
        for (const [o, i] of answerable)
          if (i % 5 === fold) {
            runs.push({ ...o, ranked: order(o, (x) => relevance(model, x)) });
            english.push({
              ...o,
              ranked:
                o.detectedLang === 'en'
                  ? order(o, (x) => relevance(enModel, x))
                  : order(o, (x) => x[KEEP.indexOf(0)] ?? 0),
            });
          }
      }
      row(`${kind}, λ ${lambda}`, runs);
      row(`${kind}, λ ${lambda}, English only (fit on English)`, english);
    }
  const model = fitPointwise(
    answerable.filter(([o]) => o.detectedLang === 'en').map(([o]) => o),
    0.01,
  );
  console.log(
    `\nThe pointwise model fit on every answerable English request (λ 0.01), to commit as ${WITHOUT_ASKED ? 'RERANK_EN_ALONE' : 'RERANK_EN'} in src/lib/search/rerank.ts:`,
  );
  console.log(JSON.stringify(committable(model)));
  console.log(KEEP.map((j, k) => `${CANDIDATE_FEATURES[j]}: ${model.weights[k]!.toFixed(2)}`).join(', '));
}

await main();
