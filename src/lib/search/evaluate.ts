import fs from 'node:fs';
import { z } from 'zod';
import type { Article } from '#lib/content/load.ts';
import { EMPLOYEE } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import type { Encoder } from '#lib/embeddings/encoder.ts';
import { startVectorSync } from '#lib/embeddings/vector-sync.ts';
import { syncVectorCatalogue } from '#lib/embeddings/vectors.ts';
import { articleVectorTexts } from './article-vector-texts.ts';
import { learnPhrasings } from './learned.ts';
import { splitRequestText } from './site-suggest.ts';
import { suggestArticles, type FusionWeights, type HybridWeights } from './suggest.ts';

/** One request of tests/fixtures/search-quality.jsonl, as an employee wrote it. */
export const QualityCase = z.object({
  /** The request as typed: the whole text, or the description when `subject` is given. */
  query: z.string().min(1),
  /** The subject line, for requests written as subject plus description (as on /help). */
  subject: z.string().min(1).optional(),
  /** Articles that answer it; empty for an off-topic request that no article answers. */
  relevant: z.array(z.string().min(1)),
  lang: z.enum(['en', 'de', 'it']),
  /** How it is written: a few words, a sentence, a long story, a pasted error, slang, typos. */
  style: z.enum(['short', 'sentence', 'rambling', 'error', 'colloquial', 'typo']),
});
export type QualityCase = z.infer<typeof QualityCase>;

export function readQualitySet(file: string): QualityCase[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = QualityCase.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.issues[0]?.message}`);
      return parsed.data;
    });
}

/** True for a request that some article answers; the others measure saying "nothing fits". */
export const isAnswerable = (c: Pick<QualityCase, 'relevant'>): boolean => c.relevant.length > 0;

/** What the ranking receives for a case: /help sends subject, newline, description and splits it back. */
export function requestInput(c: QualityCase): { subject: string; description: string } {
  return splitRequestText(c.subject === undefined ? c.query : `${c.subject}\n${c.query}`);
}

export type Metrics = { n: number; recall1: number; recall3: number; recall5: number; mrr10: number };

/**
 * Recall@k: a relevant article among the first k; MRR@10: mean of 1/rank of the first relevant one.
 * Only answerable requests count: an off-topic one has no right article to find.
 */
export function scoreRankings(cases: Array<{ relevant: string[]; ranked: string[] }>): Metrics {
  const answerable = cases.filter(isAnswerable);
  const firstHit = answerable.map((c) =>
    c.ranked.slice(0, 10).findIndex((slug) => c.relevant.includes(slug)),
  );
  const share = (k: number) =>
    firstHit.filter((r) => r >= 0 && r < k).length / Math.max(1, answerable.length);
  return {
    n: answerable.length,
    recall1: share(1),
    recall3: share(3),
    recall5: share(5),
    mrr10: firstHit.reduce((s, r) => s + (r >= 0 ? 1 / (r + 1) : 0), 0) / Math.max(1, answerable.length),
  };
}

/** For off-topic requests: the share that got no suggestion at all, and how many a list showed of 5. */
export type OffTopicMetrics = { n: number; noSuggestion: number; meanShown: number };

export function scoreOffTopic(cases: Array<{ relevant: string[]; ranked: string[] }>): OffTopicMetrics {
  const offTopic = cases.filter((c) => !isAnswerable(c));
  const n = Math.max(1, offTopic.length);
  return {
    n: offTopic.length,
    noSuggestion: offTopic.filter((c) => c.ranked.length === 0).length / n,
    meanShown: offTopic.reduce((s, c) => s + Math.min(5, c.ranked.length), 0) / n,
  };
}

/**
 * For answerable requests: how many a list showed of 5, and the share of what it showed that
 * answers the request (an article among five unrelated ones is padding to read past).
 */
export function scoreLists(cases: Array<{ relevant: string[]; ranked: string[] }>): {
  meanShown: number;
  precision: number;
} {
  const answerable = cases.filter(isAnswerable);
  const lists = answerable.map((c) => ({ shown: c.ranked.slice(0, 5), relevant: c.relevant }));
  const nonEmpty = lists.filter((l) => l.shown.length > 0);
  const rightShare = (l: (typeof lists)[number]) =>
    l.shown.filter((slug) => l.relevant.includes(slug)).length / l.shown.length;
  return {
    meanShown: lists.reduce((s, l) => s + l.shown.length, 0) / Math.max(1, lists.length),
    precision: nonEmpty.reduce((s, l) => s + rightShare(l), 0) / Math.max(1, nonEmpty.length),
  };
}

/** Every article's vector in `db`, computed by the real encoder (for the evaluation and its tests). */
export async function computeArticleVectors(db: Db, encoder: Encoder, articles: Article[]): Promise<void> {
  await encoder.whenReady();
  syncVectorCatalogue(db, articles, articleVectorTexts);
  const sync = startVectorSync(db, encoder, () => articles, { textsOf: articleVectorTexts });
  await sync.idle();
  sync.stop();
}

/**
 * Runs every case through suggestArticles (the code behind /api/suggest and /help) and scores the
 * rankings. `hybrid`: undefined for the default, null for the lexical ranking alone.
 */
export async function evaluateSuggestions(
  sources: Parameters<typeof suggestArticles>[0],
  cases: QualityCase[],
  options: { fusion?: FusionWeights; hybrid?: HybridWeights | null } = {},
) {
  const runs = [];
  for (const c of cases) {
    const { results } = await suggestArticles(sources, requestInput(c), EMPLOYEE, { limit: 10, ...options });
    runs.push({ ...c, ranked: results.map((r) => r.slug), scores: results.map((r) => r.score) });
  }
  return { metrics: scoreRankings(runs), offTopic: scoreOffTopic(runs), runs };
}

/**
 * The time split for learning from confirmed solves: each answerable request of `earlier` is taught
 * as if its first relevant article had solved it, one a day back from `now` (the oldest count a
 * little less, as in a desk's history). The fixture holds no personal data, so nothing is scrubbed.
 */
export function teachFromCases(db: Db, earlier: QualityCase[], now = Date.now()): number {
  return learnPhrasings(
    db,
    earlier.flatMap((c, i) => {
      if (!isAnswerable(c)) return [];
      const input = requestInput(c);
      return [
        {
          slug: c.relevant[0]!,
          source: 'request' as const,
          sourceId: `fixture-${i}`,
          text: `${input.subject}\n${input.description}`.replace(/\s+/g, ' ').trim(),
          learnedAt: new Date(now - (earlier.length - i) * 86_400_000).toISOString(),
        },
      ];
    }),
  );
}
