import fs from 'node:fs';
import { z } from 'zod';
import { EMPLOYEE } from '#lib/content/store.ts';
import { suggestArticles, type FusionWeights } from './suggest.ts';

export const QualityCase = z.object({
  query: z.string().min(1),
  relevant: z.array(z.string()).min(1),
  lang: z.enum(['en', 'de', 'it']),
  style: z.string(),
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

export type Metrics = { n: number; recall1: number; recall3: number; recall5: number; mrr10: number };

/** Recall@k: a relevant article among the first k; MRR@10: mean of 1/rank of the first relevant one. */
export function scoreRankings(cases: Array<{ relevant: string[]; ranked: string[] }>): Metrics {
  const firstHit = cases.map((c) => c.ranked.slice(0, 10).findIndex((slug) => c.relevant.includes(slug)));
  const share = (k: number) => firstHit.filter((r) => r >= 0 && r < k).length / Math.max(1, cases.length);
  return {
    n: cases.length,
    recall1: share(1),
    recall3: share(3),
    recall5: share(5),
    mrr10: firstHit.reduce((s, r) => s + (r >= 0 ? 1 / (r + 1) : 0), 0) / Math.max(1, cases.length),
  };
}

/** Runs every case through suggestArticles (the code behind /api/suggest) and scores the rankings. */
export async function evaluateSuggestions(
  sources: Parameters<typeof suggestArticles>[0],
  cases: QualityCase[],
  fusion?: FusionWeights,
) {
  const runs = [];
  for (const c of cases) {
    const { results } = await suggestArticles(sources, { subject: c.query }, EMPLOYEE, { limit: 10, fusion });
    runs.push({ ...c, ranked: results.map((r) => r.slug) });
  }
  return { metrics: scoreRankings(runs), runs };
}
