import type { Meilisearch } from 'meilisearch';
import type { Article } from '#lib/content/load.ts';
import { canRead, type Reader } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import { getQueryEncoder, QUERY_TIMEOUT_MS, type QueryEncoder } from '#lib/embeddings/query-encoder.ts';
import {
  articleCosines,
  nearestArticles,
  phrasedArticles,
  type CosineProfile,
} from '#lib/embeddings/vector-index.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import type { Language } from '#lib/text/language.ts';
import { STOP_WORDS } from '#lib/text/stop-words.ts';
import { analyseQuery, detectLanguage } from './analysis.ts';
import { FTS_TABLES, knownShare, searchFts, type FtsTable } from './fts.ts';
import { searchLearned, solvedRepeat } from './learned.ts';
import {
  answerProbability,
  featureVector,
  gateFor,
  GATES,
  LEXICAL_GATE,
  lexicalFeatureVector,
  type GateModel,
  type Gates,
  type LexicalFeatures,
  type RankingFeatures,
} from './confidence.ts';
import { OUTSIDE_IT_MARGIN, outsideItCosine } from './outside-it.ts';
import { escapeHtml, oneTextPerSlug, visibilityFilter } from './query.ts';
import {
  candidateVector,
  relevance,
  RERANK_EN,
  RERANK_EN_ALONE,
  type CandidateSignals,
  type RerankModel,
} from './rerank.ts';
import { MAX_TERMS, shapeQuery, SUBJECT_WEIGHT } from './shape-query.ts';
import type { Vocabulary } from './spelling.ts';
import { chooseQueryVector, type RecentVectors } from './typing-vectors.ts';
import { workplaceShare } from './workplace-vocabulary.ts';

export type Suggestion = {
  slug: string;
  type: Article['type'];
  title: string;
  url: string;
  category: string;
  /** The article's one-sentence summary as plain text (for mail); `snippet` is the same as HTML with marks. */
  summary: string;
  snippet: string;
  /**
   * How well it fits, 0..1: for an English request the learned order's probability (decision 017),
   * otherwise the fused score of the hybrid ranking, or the normalised bm25 without the encoder.
   */
  score: number;
  /** The language of the text shown (title, summary, the article it opens): the request's when translated, else English. */
  locale: Locale;
};
export type SuggestResult = {
  status: 'ok' | 'degraded';
  results: Suggestion[];
  query: string;
  /**
   * Ranked while typing without the text's own query vector (an earlier text's, or lexically): asking
   * again in a moment gives the final answer (typing-vectors.ts). Absent when final.
   */
  refining?: true;
};

/** How the two rankings are blended (reciprocal-rank fusion); chosen with `npm run eval:search`. */
export type FusionWeights = {
  meili: number;
  fts: number;
  titles: number;
  learned: number;
  /**
   * A German or Italian request in its own language's analysed table: all fields, and titles and tags.
   * 0.75 since every article is translated (session 14; German / Italian MRR@10 0.866 / 0.912 at 0.5,
   * 0.886 / 0.922 at 0.75, 0.890 / 0.915 at 1; before, 0.25: 0.785 / 0.811 with 28 translations).
   */
  native: number;
  nativeTitles: number;
  /**
   * German and Italian requests: an article is suggested only when its bm25 (the larger of its own
   * language's and the translated one's) reaches this; 0 keeps every match, as for English without
   * the encoder. Their words translate to English only in part, so off-topic ones still match a little.
   */
  foreignMinBm25: number;
  k: number;
  /**
   * Whether the knowledge base answers the request at all, told without the encoder (confidence.ts
   * `LEXICAL_GATE`); null: every match is listed.
   */
  gate: GateModel | null;
};
/**
 * Measured with `npm run eval:search --sweep` on tests/fixtures/search-quality.jsonl (its first 180 requests;
 * on the grown set of 400 answerable ones this blend gives R@1 0.667, R@3 0.848, R@5 0.902, MRR@10 0.769):
 * - Meilisearch alone: recall@3 0.744, recall@5 0.839; BM25 over all fields alone: 0.850 / 0.900.
 * - Any reciprocal-rank blend with Meilisearch was worse than BM25 alone (1:3 gave 0.778 / 0.856), as
 *   DESIGN.md's public benchmark found; so Meilisearch gets weight 0 and only fills the list when
 *   BM25 finds fewer articles than asked for (typos beyond the speller, words typed halfway).
 * - Adding a BM25 ranking over titles and tags only, fused with k = 5: recall@1 0.656 → 0.722,
 *   recall@3 0.856, recall@5 0.900, MRR@10 0.751 → 0.802 (with the 64-word spell-check bound).
 */
export const DEFAULT_FUSION: FusionWeights = {
  meili: 0,
  fts: 1,
  titles: 1,
  learned: 0.5,
  native: 0.75,
  nativeTitles: 0.75,
  foreignMinBm25: 0.5,
  k: 5,
  gate: LEXICAL_GATE,
};

/**
 * The hybrid ranking: bm25 and the sentence encoder's cosine, each min-max normalised over the
 * candidates (either ranking's top `depth`), blended as alpha·bm25 + (1 − alpha)·cosine. `alpha` per
 * detected language (the encoder is English-only; 1 ranks lexically as without it); `titles` blends
 * the titles-and-tags bm25 into the lexical part; below `minScore` an article is not suggested.
 */
export type HybridWeights = {
  alpha: Record<Language, number>;
  titles: number;
  /**
   * What the words of requests an article solved add to its lexical score (decision 014): their
   * normalised bm25 times this, on top (an article nobody has confirmed yet keeps its score).
   */
  learned: number;
  depth: number;
  /**
   * Below this an article is not suggested: for English requests the learned order's probability
   * (decision 017; 0.1 shortens lists, 0.3 cost 0.003 recall@5 held out), otherwise the blend.
   */
  minScore: number;
  /**
   * An article scoring below this share of the best suggestion's is left out: it fits less than
   * half as well, and five articles under the one that fits were the padding issue 14 complained
   * of (agents' matching articles and the promote page read the same list). Measured (session 20,
   * `npm run eval:search`): 0.45 keeps recall@5 in every language, with or without phrasings (one
   * request of 604 lost where half the articles have them), and shortens an answered request's list
   * from 4.9 to 3.9; 0.55 and above lose right articles. The lexical ranking keeps its five: its
   * scores spread less (0.4 there cost recall@5 0.019).
   */
  shareOfBest: number;
  /**
   * The languages whose requests lose every suggestion when they are nearer to a topic outside IT
   * (pay, leave, the building…) than to any article by a margin (outside-it.ts, decision 015); for
   * the others the gate weighs that nearness with the rest.
   */
  outsideIt: Language[];
  /**
   * Leave out every suggestion when the calibrated model of the best candidate's features says the
   * knowledge base does not answer the request (confidence.ts, decision 016): the gate for a best
   * candidate read with its phrasings or the one for a candidate read alone; null: no such check.
   */
  gate: Gates | null;
  /**
   * The minimum for hybrid-ranked German and Italian requests, which also puts them through the
   * outside-IT check; null: neither (`minScore` and the check were calibrated on English requests).
   */
  foreignMinScore: number | null;
  /** What a German or Italian request's bm25 in its own language's table counts beside the translated one's. */
  native: number;
  /**
   * Per detected language, a model that orders the candidates by their signals instead of the fixed
   * blend (rerank.ts, decision 017); the score is then its probability that the article answers the
   * request. A language without one keeps the blend.
   */
  rerank: Partial<Record<Language, RerankModel>>;
  /**
   * The least top of each normalisation range (bm25 sum, cosine): when even the best candidate
   * scores below it, it is normalised against this instead of to 1, so a weak match keeps a low
   * score and the minimum can leave it out. 0: plain min-max.
   */
  ceiling: { bm25: number; cosine: number; learned: number };
  /**
   * What weighs a candidate read alone, without how people ask for it (no `asked`: a knowledge base
   * written before decision 018, or an article not given any yet): its cosine runs lower and misleads
   * more than a phrased article's, so it keeps the alpha and learned order fit on the knowledge base
   * without phrasings (`npm run eval:search -- --without-asked`). `alpha` and `rerank` above are
   * for phrased candidates; each candidate is weighed by its own kind.
   */
  alone: {
    alpha: Record<Language, number>;
    rerank: Partial<Record<Language, RerankModel>>;
    /**
     * Added to its cosine, so both kinds rank on one scale in a knowledge base that has both (the
     * best of many phrasings runs higher than one vector for the same fit). A knowledge base of one
     * kind ranks the same whatever it is: the normalisation's ceiling moves with it, and the gate
     * reads each kind's cosine without it, as it was fit.
     */
    offset: number;
  };
};
/**
 * Measured with `npm run eval:search --sweep` on tests/fixtures/search-quality.jsonl (400 answerable
 * requests, 69 off-topic; decision 013). Recall@1 / @3 / @5 / MRR@10, off-topic with no suggestion:
 * - lexical (DEFAULT_FUSION, the ranking without the encoder): 0.667 / 0.848 / 0.902 / 0.769, 5.8 %;
 *   encoder alone: 0.415 / 0.595 / 0.733 / 0.540.
 * - titles 0.5 beat 0 and 1 (plain min-max, English at alpha 0.5, recall@5 / MRR@10: 0.952 / 0.856
 *   without titles, 0.969 / 0.863 with 0.5, 0.952 / 0.844 with 1).
 * - Plain min-max makes the best candidate score ~1 however weak it is, so a minimum barely separates
 *   off-topic requests (at most 13 % with recall@5 ≥ 0.902). Normalising against at least bm25 10 and
 *   cosine 0.65 keeps a weak best match low: see the minimum below.
 * - Alpha per detected language by 5-fold cross-validation of this ranking (chosen on four folds by
 *   MRR@10, no minimum): English 0.6 in three folds, 0.5 and 0.7 once; held out recall@5 0.930,
 *   MRR@10 0.817. German 1 or 0.9, Italian 0.7–0.8; but with the minimum Italian recall@5 fell
 *   0.932 → 0.705 at 0.9 (translated words give small bm25 sums): both stay lexical, unchanged.
 * - Minimum 0.45 at alpha 0.6: recall@5 0.910 (≥ today's 0.902), 30.4 % of off-topic requests get no
 *   suggestion (0.4: 0.930 / 20.3 %; 0.5: 0.885 / 43.5 %, below today's recall).
 * - Shipped: 0.728 / 0.882 / 0.910 / 0.811, 30.4 %; English recall@5 0.914 → 0.925, MRR@10 0.788 →
 *   0.847; German and Italian unchanged (0.828, 0.932). (Alpha 0.5 measured 0.925 / 0.810 / 29.0 %.)
 * - On the grown set (462 answerable, 92 of them subject + description, 77 off-topic), with the
 *   subject's words counting twice and "log in" read as "sign in": 0.740 / 0.887 / 0.922 / 0.821,
 *   28.6 %; lexical 0.682 / 0.859 / 0.911 / 0.781.
 * - Learned phrasings (decision 014), by a time split of the fixture (the earlier half teaches, the
 *   later half is scored): weight 0.3 over a ceiling of 20 lifts the hybrid 0.746 / 0.927 / 0.826
 *   (R@1 / R@5 / MRR@10) to 0.756 / 0.933 / 0.833 and costs 2.6 points of off-topic requests with no
 *   suggestion (28.6 → 26.0 %); 0.5 gave 0.938 / 0.832 but 23.4 %; taking the larger of the words'
 *   and the learned score instead of adding gained nothing. Lexically (rank fusion, weight 0.5):
 *   0.674 / 0.917 / 0.778 → 0.715 / 0.933 / 0.803.
 * - The check for requests outside IT (outside-it.ts, decision 015): off-topic requests with no
 *   suggestion 28.6 → 32.5 %, recall and MRR unchanged (without the minimum score: 6.5 → 13.0 %).
 * - Decision 017: synonyms in English bm25 (SYNONYM_WEIGHT), English candidates in a learned order
 *   (`rerank`, RERANK_EN) whose probability is their score, so the English minimum is 0.1 on it.
 * - Session 14: with every article translated into German and Italian (28 of 79 before), a German or
 *   Italian request's own-language bm25 counts as much as the translated one (`native` 0.5 → 1; at
 *   alpha 0.8, × 0.75, 1, 1.25, 1.5 gave German MRR@10 0.873 / 0.888 / 0.889 / 0.884, Italian 0.920 /
 *   0.929 / 0.927 / 0.930) and their alpha is 0.7 (chosen in 3 of 5 folds for German and all 5 for Italian;
 *   German / Italian recall@5 and MRR@10 0.964 / 0.898 and 0.992 / 0.941 against 0.950 / 0.888 and
 *   0.992 / 0.929 at 0.8). Before: only the 28 translated articles could match in their own words,
 *   so a larger weight pulled requests towards them. With that ranking, learned phrasings at 0.3 no
 *   longer helped on the time split (MRR@10 0.899 with nothing learned, 0.895 learned); 0.4 / 0.5 /
 *   0.75 / 1 gave 0.902 / 0.907 / 0.907 / 0.910 with off-topic requests given none 67.3 / 66.4 /
 *   66.4 / 67.3 % (68.2 % with nothing learned): `learned` 0.5, as in the lexical ranking.
 * - Session 16 (decision 018): with articles read with how people ask, alpha 0.4 / 0.6 / 0.6 (5-fold,
 *   by MRR@10: English 0.4 in three folds, German 0.6 in four, Italian 0.6 in all; held out without
 *   the gate recall@5 0.990, MRR@10 0.927). Learned phrasings still add on the time split (MRR@10
 *   0.932 → 0.937 at 0.5; 0.940 at 1, with 2.8 points fewer off-topic requests given none).
 * - Session 18: on a knowledge base of both kinds (`--half-asked --offsets`), an article read alone
 *   adds 0.08 to its cosine (`alone.offset`): MRR@10 of requests whose article is read alone 0.828 →
 *   0.850 (0.878 when every article is), of the phrased half 0.923 → 0.917, all 0.873 → 0.882, R@1
 *   0.816 → 0.829; off-topic with none 79.4 → 77.6 %. 0.12 evened the halves (0.871 / 0.900) at no
 *   gain overall. A knowledge base of one kind ranks exactly as without it.
 */
export const DEFAULT_HYBRID: HybridWeights = {
  alpha: { en: 0.4, de: 0.6, it: 0.6 },
  titles: 0.5,
  learned: 0.5,
  depth: 20,
  minScore: 0.1,
  shareOfBest: 0.45,
  outsideIt: ['it'],
  gate: GATES,
  foreignMinScore: 0.2,
  native: 1,
  rerank: { en: RERANK_EN },
  ceiling: { bm25: 10, cosine: 0.65, learned: 20 },
  alone: { alpha: { en: 0.6, de: 0.7, it: 0.7 }, rerank: { en: RERANK_EN_ALONE }, offset: 0.08 },
};

/**
 * The encoder reads at most this much of a request. Its time grows with the text, and a call is made
 * at every pause while someone types a long description; the subject and the description's start say
 * what the problem is. Measured (npm run eval:search): 200, 300, 500 characters and the whole text
 * give the same recall@5 and MRR@10 within 0.003.
 */
export const ENCODER_QUERY_CHARS = 300;

/** The language of a request (analysis.ts). */
export { detectLanguage };

type Sources = {
  client: Meilisearch | null;
  indexUid: string;
  db: Db;
  articles: Map<string, Article>;
  vocabulary?: Vocabulary;
  /** The sentence encoder; undefined: this process's (query-encoder.ts), null: none. */
  encoder?: QueryEncoder | null;
  /** Longest wait for the query's vector before ranking lexically. */
  encoderTimeoutMs?: number;
  /** While typing: the wait for the exact vector (default TYPING_BUDGET_MS) and the requests' latest vectors (default this process's). */
  typingBudgetMs?: number;
  recentVectors?: RecentVectors;
  /** A slug's text in another language, when it has been translated (the article shown in that language). */
  translation?: (slug: string, locale: Locale) => Article | undefined;
};

/** Meilisearch's ranking of the shaped query, or null when the engine does not answer. */
async function rankWithMeili(
  sources: Sources,
  query: string,
  reader: Reader,
  limit: number,
  lang: Language,
): Promise<string[] | null> {
  if (!sources.client || !query) return query ? null : [];
  try {
    const res = await sources.client.index(sources.indexUid).search(query, {
      // One text per article, in the request's language where it is translated (as /search shows them).
      filter: [...visibilityFilter(reader), oneTextPerSlug(lang)],
      limit,
      attributesToRetrieve: ['slug'],
      matchingStrategy: 'frequency',
    });
    return res.hits.map((h) => h.slug as string);
  } catch {
    return null;
  }
}

/** Reciprocal-rank fusion: each ranking gives weight / (k + rank); absent from a ranking gives nothing. */
export function fuseRankings(rankings: Array<{ slugs: string[]; weight: number }>, k: number): string[] {
  const scores = new Map<string, number>();
  for (const { slugs, weight } of rankings)
    slugs.forEach((slug, i) => scores.set(slug, (scores.get(slug) ?? 0) + weight / (k + i + 1)));
  return [...scores.entries()].sort((a, b) => b[1] - a[1]).map(([slug]) => slug);
}

const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/**
 * The summary, escaped, with the words that begin with a request's word (or its stem: all but its
 * last two letters, at least three) in <mark>; a two-letter part of a compound ("wi" of "wi-fi")
 * marks itself. Words are compared one by one: a pattern of all the request's words cost ~80 µs a summary
 * to compile and match (Unicode, any case), the comparison ~3 µs.
 */
export function highlightTerms(text: string, terms: string[]): string {
  const stems: string[] = [];
  const whole = new Set<string>();
  for (const term of terms) {
    const parts = term.toLowerCase().match(WORD) ?? [];
    for (const part of parts) {
      if (part.length >= 3) stems.push(part.slice(0, Math.max(3, part.length - 2)));
      else if (parts.length > 1 && part.length === 2) whole.add(part);
    }
  }
  if (stems.length === 0 && whole.size === 0) return escapeHtml(text);
  let html = '';
  let last = 0;
  for (const m of text.matchAll(WORD)) {
    const word = m[0].toLowerCase();
    if (!whole.has(word) && !stems.some((stem) => word.startsWith(stem))) continue;
    html += `${escapeHtml(text.slice(last, m.index))}<mark>${escapeHtml(m[0])}</mark>`;
    last = m.index + m[0].length;
  }
  return html + escapeHtml(text.slice(last));
}

type Ranked = Array<{ slug: string; score: number }>;
type Shaped = ReturnType<typeof shapeQuery>;
/** A German or Italian request analysed as its language's articles are, for that language's table. */
type Native = {
  lang: 'de' | 'it';
  table: FtsTable;
  terms: string[];
  weights: number[];
  lastTermOpen: boolean;
};

/**
 * The request's words analysed for its own language's table (decision 062): the subject's count
 * SUBJECT_WEIGHT under a description, as in `shapeQuery`; the word being typed goes last.
 */
export function nativeQuery(input: { subject: string; description?: string }, lang: Language): Native | null {
  if (lang !== 'de' && lang !== 'it') return null;
  const description = input.description ?? '';
  const subject = analyseQuery(input.subject, lang);
  const rest = analyseQuery(description, lang).filter((t) => !subject.includes(t));
  const full = `${input.subject}\n${description}`.trimEnd();
  const open = /[\p{L}\p{N}]$/u.test(full);
  const typing = open ? analyseQuery(full.split(/\s/).at(-1) ?? '', lang).at(-1) : undefined;
  let terms = [...subject, ...rest].slice(0, MAX_TERMS);
  if (typing) terms = [...terms.filter((t) => t !== typing).slice(0, MAX_TERMS - 1), typing];
  if (terms.length === 0) return null;
  const fromSubject = new Set(description.trim() ? subject : []);
  return {
    lang,
    table: FTS_TABLES[lang],
    terms,
    weights: terms.map((t) => (fromSubject.has(t) ? SUBJECT_WEIGHT : 1)),
    lastTermOpen: typing !== undefined,
  };
}

/**
 * How much a synonym of a request's word counts in bm25 next to the word itself (SYNONYM_GROUPS, the
 * groups Meilisearch already uses; English requests). Measured (`npm run eval:search`, hybrid, no
 * minimum, no gate; English recall@5 / MRR@10): 0 gave 0.970 / 0.872, 0.1 0.970 / 0.878, 0.15
 * 0.976 / 0.877, 0.25 0.973 / 0.874, 0.5 0.961 / 0.852.
 */
export const SYNONYM_WEIGHT = 0.15;

const ftsOptions = (
  shaped: Pick<Shaped, 'lastTermOpen' | 'weights'> & { expansions?: string[] },
  limit: number,
  onlyTitles = false,
) => ({
  limit,
  prefixLast: shaped.lastTermOpen,
  onlyTitles,
  weights: shaped.weights,
  expansions: shaped.expansions,
  expansionWeight: SYNONYM_WEIGHT,
});

const NOTHING_DECLINED: ReadonlySet<string> = new Set();

/**
 * The lexical ranking: bm25 over the English articles (a German or Italian request through the
 * translation tables) fused by rank with titles and tags, what solved requests said, and for a German
 * or Italian request its own language's articles; Meilisearch fills a short list. Score: bm25 over
 * the best bm25 (the larger of the English and the own-language one).
 */
async function rankLexically(
  sources: Sources,
  shaped: Shaped,
  native: Native | null,
  reader: Reader,
  limit: number,
  fusion: FusionWeights,
  /** Whether Meilisearch may fill a short list: not for a provisional answer (`refining`). */
  fill = true,
  /** Articles answered "No" to in this request: left out, so the features describe the best of the rest. */
  declined: ReadonlySet<string> = NOTHING_DECLINED,
): Promise<{ ranked: Ranked; degraded: boolean; features: LexicalFeatures | null }> {
  const depth = Math.max(20, limit * 4);
  // No synonyms here: in this rank fusion they cost MRR@10 0.796 → 0.791 (recall@5 +0.001).
  const words = { ...shaped, expansions: [] };
  const fts = searchFts(sources.db, shaped.terms, reader, ftsOptions(words, depth));
  const titles =
    fusion.titles > 0
      ? searchFts(sources.db, shaped.terms, reader, ftsOptions(words, depth, true)).map((r) => r.slug)
      : [];
  const own = native
    ? searchFts(sources.db, native.terms, reader, { ...ftsOptions(native, depth), table: native.table })
    : [];
  const ownTitles =
    native && fusion.nativeTitles > 0
      ? searchFts(sources.db, native.terms, reader, {
          ...ftsOptions(native, depth, true),
          table: native.table,
        }).map((r) => r.slug)
      : [];
  const ftsSlugs = fts.map((r) => r.slug);
  const learned =
    fusion.learned > 0
      ? [...searchLearned(sources.db, shaped.terms).entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([slug]) => slug)
      : [];
  // With weight 0, Meilisearch only fills a short list: ask it only then, and spare its CPU otherwise.
  const ownSlugs = own.map((r) => r.slug);
  const needEngine =
    fusion.meili > 0 || (fill && new Set([...ftsSlugs, ...titles, ...ownSlugs, ...ownTitles]).size < limit);
  const meili = needEngine
    ? await rankWithMeili(sources, shaped.engineQuery, reader, depth, native?.lang ?? 'en')
    : [];
  const fused = fuseRankings(
    [
      { slugs: meili ?? [], weight: fusion.meili },
      { slugs: ftsSlugs, weight: fusion.fts },
      { slugs: titles, weight: fusion.titles },
      { slugs: learned, weight: fusion.learned },
      { slugs: ownSlugs, weight: fusion.native },
      { slugs: ownTitles, weight: fusion.nativeTitles },
    ],
    fusion.k,
  );
  const relative = (list: typeof fts) => {
    const best = list[0]?.score ?? 0;
    return new Map(list.map((r) => [r.slug, best > 0 ? r.score / best : 0]));
  };
  const [english, ownScores] = [relative(fts), relative(own)];
  const absolute = new Map(fts.map((r) => [r.slug, r.score]));
  for (const r of own) absolute.set(r.slug, Math.max(absolute.get(r.slug) ?? 0, r.score));
  const floor = native ? fusion.foreignMinBm25 : 0;
  // The score is the article's bm25 relative to the best, but the list is in rank-fusion order: each
  // scores at most what the one above it does, so a list reads best first (a score that rose down
  // the list would say the ranking doubts itself).
  let above = Infinity;
  const ranked = fused
    .filter((slug) => !declined.has(slug) && (floor <= 0 || (absolute.get(slug) ?? 0) >= floor))
    .map((slug) => {
      above = Math.min(above, Math.max(english.get(slug) ?? 0, ownScores.get(slug) ?? 0));
      return { slug, score: above };
    });
  const best = ranked[0];
  const covered = newCoverage();
  recordCoverage(covered, fts, shaped.terms);
  if (native) recordCoverage(covered, own, native.terms);
  // bm25's own first over all fields (the larger of the English and the own-language score).
  let bm25First: string | undefined;
  for (const [slug, score] of absolute)
    if (bm25First === undefined || score > absolute.get(bm25First)!) bm25First = slug;
  const coverage = best ? (covered.coverage.get(best.slug) ?? 0) : 0;
  const features: LexicalFeatures | null = best
    ? {
        topBm25: absolute.get(best.slug) ?? 0,
        bestBm25: bm25First === undefined ? 0 : absolute.get(bm25First)!,
        margin: best.score - (ranked[1]?.score ?? 0),
        agreeBm25: bm25First === best.slug ? 1 : 0,
        coverage,
        subjectCoverage: subjectCoverage(sources.db, shaped, reader, best.slug, depth) ?? coverage,
        information: covered.information.get(best.slug) ?? 0,
        known: knownOf(sources.db, shaped, native),
        outsideWords: workplaceShare(shaped.terms),
        terms: shaped.terms.length,
      }
    : null;
  return { ranked, degraded: meili === null, features };
}

type FtsHits = ReturnType<typeof searchFts>;
type Coverage = { coverage: Map<string, number>; information: Map<string, number> };
const newCoverage = (): Coverage => ({ coverage: new Map(), information: new Map() });

/**
 * How much of the request each listed article covers: the share of the request's distinct terms it
 * contains, and their share of its information (idf); the larger over the lists recorded (a German
 * or Italian request's translated and own-language terms).
 */
function recordCoverage(into: Coverage, hits: FtsHits, terms: string[]) {
  const distinct = new Set(terms).size;
  if (distinct === 0) return;
  for (const r of hits) {
    into.coverage.set(r.slug, Math.max(into.coverage.get(r.slug) ?? 0, r.matched / distinct));
    into.information.set(r.slug, Math.max(into.information.get(r.slug) ?? 0, r.covered));
  }
}

/**
 * Under a description, the share of the subject's terms the article contains (null with no
 * description): a pasted log's many words would drown what the subject says.
 */
function subjectCoverage(db: Db, shaped: Shaped, reader: Reader, slug: string, depth: number) {
  const subject = [...new Set(shaped.terms.filter((_, i) => shaped.weights[i] === SUBJECT_WEIGHT))];
  if (subject.length === 0) return null;
  const hit = searchFts(db, subject, reader, { limit: depth }).find((r) => r.slug === slug);
  return (hit?.matched ?? 0) / subject.length;
}

/** The share of the request's terms that some article contains (the larger of the translated and the own-language share). */
const knownOf = (db: Db, shaped: Shaped, native: Native | null) =>
  Math.max(knownShare(db, shaped.terms), native ? knownShare(db, native.terms, native.table) : 0);

/** Min-max over the candidates; a missing value counts as the minimum; all equal gives 1. */
function normalise(
  values: Map<string, number>,
  slugs: string[],
  { floor, ceiling = 0 }: { floor?: number; ceiling?: number },
): Map<string, number> {
  const present = slugs.map((s) => values.get(s)).filter((v): v is number => v !== undefined);
  const min = floor ?? Math.min(...present);
  const max = Math.max(...present, min, ceiling);
  return new Map(
    slugs.map((s) => {
      const v = values.get(s);
      return [s, v === undefined ? 0 : max > min ? (v - min) / (max - min) : 1];
    }),
  );
}

/**
 * The articles nearest to the query vector, as the hybrid ranking asks for them (its depth, its offset
 * for articles read alone): one call for the ranking and for `scanAhead`, whose kept scan must match.
 */
const nearestForRanking = (
  db: Db,
  vector: Float32Array,
  reader: Reader,
  hybrid: HybridWeights,
  profile?: CosineProfile,
) => nearestArticles(db, vector, reader, hybrid.depth, profile, hybrid.alone.offset);

/**
 * The hybrid ranking: candidates are bm25's and the encoder's top `depth` (English ones with the
 * synonyms' bm25 too); bm25 is normalised from 0 (no matching word) to the best candidate's, the
 * cosine min-max over the candidates; then blended, and ordered by the blend or, where the request's
 * language has a learned order (`rerank`), by that model's probability. Each candidate by its kind:
 * read with how people ask for it, or alone (`hybrid.alone`). `candidates` are their signals (for
 * `npm run eval:search -- --rerank`).
 */
export function rankHybrid(
  db: Db,
  shaped: Shaped,
  vector: Float32Array,
  reader: Reader,
  hybrid: HybridWeights,
  lang: Language,
  native: Native | null = null,
  /**
   * Articles the person answered "No" to in this request: ranked with the others (so the scores
   * stay those of the full list) and then left out; the features describe the best of the rest.
   */
  declined: ReadonlySet<string> = NOTHING_DECLINED,
): {
  ranked: Ranked;
  nearestCosine: number | null;
  features: RankingFeatures | null;
  candidates: Array<{ slug: string; signals: CandidateSignals }>;
} {
  // A German or Italian request's bm25 is the larger of its own language's and the translated one's.
  const larger = (a: Map<string, number>, b: Map<string, number>) => {
    for (const [slug, v] of b) a.set(slug, Math.max(a.get(slug) ?? 0, v));
    return a;
  };
  // How much of the request the best articles cover (over all fields, not titles alone).
  const covered = newCoverage();
  const { coverage, information } = covered;
  const rank = (onlyTitles: boolean) => {
    const english = searchFts(db, shaped.terms, reader, ftsOptions(shaped, hybrid.depth, onlyTitles));
    const scores = new Map(english.map((r) => [r.slug, r.score]));
    if (!onlyTitles) recordCoverage(covered, english, shaped.terms);
    if (!native) return scores;
    const own = searchFts(db, native.terms, reader, {
      ...ftsOptions(native, hybrid.depth, onlyTitles),
      table: native.table,
    });
    if (!onlyTitles) recordCoverage(covered, own, native.terms);
    return larger(scores, new Map(own.map((r) => [r.slug, hybrid.native * r.score])));
  };
  const bm25 = rank(false);
  let bm25Best: string | undefined;
  for (const [slug, v] of bm25)
    if (!declined.has(slug) && (bm25Best === undefined || v > bm25.get(bm25Best)!)) bm25Best = slug;
  const titles = hybrid.titles > 0 ? rank(true) : new Map<string, number>();
  const learned = hybrid.learned > 0 ? searchLearned(db, shaped.terms) : new Map<string, number>();
  const profile = { mean: 0, sd: 0 };
  const nearAll = nearestForRanking(db, vector, reader, hybrid, profile);
  const near = nearAll.filter((n) => !declined.has(n.slug));
  const slugs = [
    ...new Set([...bm25.keys(), ...titles.keys(), ...learned.keys(), ...nearAll.map((n) => n.slug)]),
  ];
  if (slugs.length === 0) return { ranked: [], nearestCosine: null, features: null, candidates: [] };
  const lexical = normalise(bm25, slugs, { floor: 0, ceiling: hybrid.ceiling.bm25 });
  const titleScores = normalise(titles, slugs, { floor: 0 });
  const learnedScores = normalise(learned, slugs, { floor: 0, ceiling: hybrid.ceiling.learned });
  const cosines = articleCosines(db, vector, reader, slugs, hybrid.alone.offset);
  const phrasedSlugs = phrasedArticles(db, slugs);
  // What vector-index.ts added to an article's cosine to put both kinds on one scale.
  const offsetOf = (slug: string) => (phrasedSlugs.has(slug) ? 0 : hybrid.alone.offset);
  // The gate was fit on each kind's cosine as it is: without the offset.
  const ownScale = (slug: string, cosine: number) => cosine - offsetOf(slug);
  // The ceiling is on the scale of the nearest candidate's kind, so a knowledge base of articles read
  // alone normalises as it did before the offset.
  let nearestCandidate: string | undefined;
  for (const [slug, c] of cosines)
    if (nearestCandidate === undefined || c > cosines.get(nearestCandidate)!) nearestCandidate = slug;
  const ceiling = hybrid.ceiling.cosine + (nearestCandidate === undefined ? 0 : offsetOf(nearestCandidate));
  const cosine = normalise(cosines, slugs, { ceiling });
  const candidates = slugs.map((slug): { slug: string; signals: CandidateSignals } => {
    const words = (lexical.get(slug)! + hybrid.titles * titleScores.get(slug)!) / (1 + hybrid.titles);
    const lex = Math.min(1, words + hybrid.learned * learnedScores.get(slug)!);
    const raw = cosines.get(slug);
    const phrased = phrasedSlugs.has(slug);
    const alpha = (phrased ? hybrid : hybrid.alone).alpha[lang];
    // An article whose vector is not computed yet (a first start, a fresh save) is scored by its
    // words alone: a missing cosine must not sink it below the minimum.
    const fused = raw === undefined ? lex : alpha * lex + (1 - alpha) * cosine.get(slug)!;
    return {
      slug,
      signals: {
        fused,
        lexical: lex,
        cosineZ: raw !== undefined && profile.sd > 0 ? (raw - profile.mean) / profile.sd : 0,
        hasVector: raw !== undefined,
        coverage: coverage.get(slug) ?? 0,
        information: information.get(slug) ?? 0,
        phrased,
      },
    };
  });
  const scored = candidates
    .map((c) => {
      // Each kind's own learned order, when its language has one: both give a probability.
      const rerank = (c.signals.phrased ? hybrid : hybrid.alone).rerank[lang];
      return { ...c, score: rerank ? relevance(rerank, candidateVector(c.signals)) : c.signals.fused };
    })
    .sort((a, b) => b.score - a.score)
    .filter((c) => !declined.has(c.slug));
  if (scored.length === 0) return { ranked: [], nearestCosine: null, features: null, candidates };
  const ranked: Ranked = scored.map(({ slug, score }) => ({ slug, score }));
  // How near the request is to the knowledge base, when it can be told: not while the best-ranked
  // article's vector is still being computed (a first start, a fresh save).
  const best = scored[0]!;
  const nearestCosine = cosines.has(best.slug) && near[0] ? ownScale(near[0].slug, near[0].cosine) : null;
  // The gate reads the blend's scores, not the learned order's probability: that one is relative to
  // the other candidates (a weak list's first still scores high) and would make the gate lenient.
  const bestFused = best.signals.fused;
  const runnerUp = Math.max(0, ...scored.slice(1).map((c) => c.signals.fused));
  const features: RankingFeatures | null =
    nearestCosine === null
      ? null
      : {
          top: bestFused,
          margin: bestFused - runnerUp,
          nearestCosine,
          topCosine: ownScale(best.slug, cosines.get(best.slug)!),
          cosineZ: profile.sd > 0 ? (cosines.get(best.slug)! - profile.mean) / profile.sd : 0,
          // The profile is on the common scale: so is the nearest article's cosine here.
          nearestZ: profile.sd > 0 ? (near[0]!.cosine - profile.mean) / profile.sd : 0,
          agreeCosine: near[0]?.slug === best.slug ? 1 : 0,
          agreeBm25: bm25Best === best.slug ? 1 : 0,
          topBm25: bm25.get(best.slug) ?? 0,
          bestBm25: Math.max(0, ...bm25.values()),
          coverage: coverage.get(best.slug) ?? 0,
          information: information.get(best.slug) ?? 0,
          known: knownOf(db, shaped, native),
          // A German or Italian request's words of work outside IT are in its translated terms.
          outsideWords: workplaceShare(shaped.terms),
          terms: shaped.terms.length,
          phrased: best.signals.phrased,
        };
  return { ranked, nearestCosine, features, candidates };
}

/** Whether the gate without the encoder (LEXICAL_GATE) says no article answers the request. */
const wordsSayNothingFits = (gate: GateModel | null, features: LexicalFeatures | null, lang: Language) =>
  gate !== null &&
  features !== null &&
  answerProbability(gate, lexicalFeatureVector(features, lang)) < gate.threshold[lang];

/** The request's own telling words (lowercased), to mark in a translated summary. */
const wordsOf = (input: { subject: string; description?: string }) =>
  (`${input.subject} ${input.description ?? ''}`.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter(
    (w) => !STOP_WORDS.has(w),
  );

/**
 * The article that solved a request worded as this one (learned.ts `solvedRepeat`), among those
 * `accept` lets through: its phrasings read as this request was, found by its words as typed too
 * when it is German or Italian (a phrasing is stored as written).
 */
export function repeatOf(
  sources: Pick<Sources, 'db' | 'vocabulary'>,
  input: { subject: string; description?: string },
  terms: string[],
  lang: Language,
  accept: (slug: string) => boolean,
): { slug: string; similarity: number } | null {
  return solvedRepeat(sources.db, terms, {
    shape: (phrasing) => shapeQuery(phrasing, '', sources.vocabulary, detectLanguage(phrasing, lang)).terms,
    accept,
    typed: lang === 'en' ? [] : wordsOf(input),
  });
}

/**
 * Scans the articles for a typed text's vector as soon as it arrives, while no one waits: the page's
 * re-ask ~150 ms later, and the request's next calls (they rank with it until their own text's
 * arrives) find the scan among `nearestArticles`'s latest instead of reading every article's vector
 * on the request's path (decision 012, "Scanning ahead while people type").
 */
const scanAhead = (db: Db, reader: Reader, hybrid: HybridWeights) => (vector: Float32Array) =>
  setImmediate(() => {
    try {
      nearestForRanking(db, vector, reader, hybrid);
    } catch {
      // Only a head start: the call that needs the scan makes it and reports what went wrong.
    }
  });

/**
 * Suggestions for what an employee typed. With the sentence encoder ready, the hybrid ranking of
 * bm25 and cosine (English; German and Italian by their own alpha); articles scoring below the
 * minimum are left out, and a gate (confidence.ts) says when nothing fits. Without the encoder (not
 * ready, busy past its timeout, down, none), SQLite FTS5's BM25 over the shaped query filled up by
 * Meilisearch (typos, prefixes), with a gate of its own (LEXICAL_GATE); when Meilisearch is down the
 * BM25 ranking alone answers, marked "degraded": suggestions never stop.
 */
export async function suggestArticles(
  sources: Sources,
  input: { subject: string; description?: string },
  reader: Reader,
  options: {
    limit?: number;
    fusion?: FusionWeights;
    hybrid?: HybridWeights | null;
    /** The person's own language: decides a request with no telling word, and which translation is shown. */
    locale?: Locale;
    /**
     * Someone typing in the help request `requestId`: the answer waits for the text's vector only a
     * moment, then ranks with the request's latest earlier one (or lexically) and says `refining`.
     */
    typing?: { requestId: string };
    /**
     * Articles the person answered "No" to in this help request: never suggested again, and the
     * minimum and the gate judge the best of the rest (nothing, when nothing else fits).
     */
    declined?: ReadonlySet<string>;
    /** Receives what the ranking without the encoder knew about its best article (for `npm run eval:search`). */
    explainLexical?: (e: { features: LexicalFeatures | null; lang: Language }) => void;
    /** Receives what the hybrid ranking knew about its best candidate (for `npm run eval:search`). */
    explain?: (e: {
      features: RankingFeatures | null;
      outside: number | null;
      lang: Language;
      candidates: Array<{ slug: string; signals: CandidateSignals }>;
    }) => void;
  } = {},
): Promise<SuggestResult> {
  const limit = options.limit ?? 5;
  const hybrid = options.hybrid === undefined ? DEFAULT_HYBRID : options.hybrid;
  const text = [input.subject, input.description ?? ''].join('\n').trim();
  const lang = detectLanguage(text, options.locale ?? 'en');
  const shaped = shapeQuery(input.subject, input.description, sources.vocabulary, lang);
  const native = nativeQuery(input, lang);
  if (shaped.terms.length === 0 && !native) return { status: 'ok', results: [], query: '' };
  // 1 for both kinds: the ranking is lexical and the request is not encoded.
  const alpha = hybrid ? Math.min(hybrid.alpha[lang], hybrid.alone.alpha[lang]) : 1;
  const timeoutMs = sources.encoderTimeoutMs ?? QUERY_TIMEOUT_MS;
  // The encoder reads English: a German or Italian request is encoded through its translated words.
  const encoderText = lang === 'en' ? text.slice(0, ENCODER_QUERY_CHARS) : shaped.terms.join(' ');
  const typing = options.typing && {
    ...options.typing,
    budgetMs: sources.typingBudgetMs,
    recent: sources.recentVectors,
    whenEncoded: hybrid ? scanAhead(sources.db, reader, hybrid) : undefined,
  };
  const { vector, refining } =
    hybrid && alpha < 1 && encoderText
      ? await chooseQueryVector(encoderText, { encoder: sources.encoder, timeoutMs, typing })
      : { vector: null, refining: false };
  let ranked: Ranked;
  let degraded = false;
  const fusion = options.fusion ?? DEFAULT_FUSION;
  /** `fill`: whether Meilisearch may fill a short list. */
  const rankByWords = (fill: boolean) =>
    rankLexically(sources, shaped, native, reader, limit, fusion, fill, options.declined);
  if (vector && hybrid) {
    const hybridRanking = rankHybrid(
      sources.db,
      shaped,
      vector,
      reader,
      hybrid,
      lang,
      native,
      options.declined,
    );
    // The minimum and the outside-IT check were calibrated on English requests (decisions 013, 015).
    const minimum = lang === 'en' ? hybrid.minScore : hybrid.foreignMinScore;
    const cut = minimum !== null;
    ranked = hybridRanking.ranked.filter((r) => minimum === null || r.score >= minimum);
    // Pay, leave, the building: nothing in an IT knowledge base answers them (outside-it.ts).
    const encoder = sources.encoder === undefined ? getQueryEncoder() : sources.encoder;
    const { nearestCosine, features } = hybridRanking;
    const topic = nearestCosine !== null && encoder ? outsideItCosine(encoder, vector, timeoutMs) : null;
    const outside = topic === null || nearestCosine === null ? null : topic - nearestCosine;
    options.explain?.({ features, outside, lang, candidates: hybridRanking.candidates });
    if (hybrid.outsideIt.includes(lang) && cut && outside !== null && outside > OUTSIDE_IT_MARGIN)
      ranked = [];
    // Whether the knowledge base answers the request at all, from the best candidate (confidence.ts).
    const gate = hybrid.gate && features ? gateFor(hybrid.gate, features) : null;
    if (
      gate &&
      features &&
      cut &&
      answerProbability(gate, featureVector(features, outside, lang)) < gate.threshold[lang]
    )
      ranked = [];
    // The best candidate's vector is not computed yet (a first start, a fresh save): the hybrid gate
    // cannot judge it, so the words alone do, as when the encoder is not there at all.
    if (hybrid.gate && !features && cut && fusion.gate && ranked.length > 0) {
      const words = await rankByWords(false);
      if (wordsSayNothingFits(fusion.gate, words.features, lang)) ranked = [];
    }
  } else {
    // A typing request's first call (no vector of it yet) is answered at once and asked again in a
    // moment with the hybrid ranking, which never asks Meilisearch: that round trip is not waited for.
    let features: LexicalFeatures | null;
    ({ ranked, degraded, features } = await rankByWords(!refining));
    options.explainLexical?.({ features, lang });
    // The same question as the hybrid gate's, from the words alone: without it every request, about
    // IT or not, got five articles whenever the encoder could not answer.
    if (wordsSayNothingFits(fusion.gate, features, lang)) ranked = [];
  }
  // Worded as a request an article solved: that article first, whatever the gates made of its own
  // words. It scores as the list's best did, so the rest are measured against the same best.
  const learning = vector && hybrid ? hybrid.learned : fusion.learned;
  const repeat =
    learning > 0
      ? repeatOf(sources, input, shaped.terms, lang, (slug) => {
          const article = sources.articles.get(slug);
          return Boolean(article && canRead(reader, article) && !options.declined?.has(slug));
        })
      : null;
  if (repeat) {
    const score = ranked[0]?.score ?? repeat.similarity;
    ranked = [{ slug: repeat.slug, score }, ...ranked.filter((r) => r.slug !== repeat.slug)];
  }
  const shown = [lang, options.locale].filter((l): l is Locale => l !== undefined && l !== 'en');
  const inLanguage = (slug: string) => {
    for (const l of shown) {
      const translated = sources.translation?.(slug, l);
      if (translated) return translated;
    }
    return sources.articles.get(slug);
  };
  const offered = ranked
    .map((r) => ({ article: inLanguage(r.slug), score: r.score }))
    // Learned phrasings are not filtered by reader where they are found: an article this reader may
    // not see (internal, a draft) is dropped here.
    .filter((r): r is { article: Article; score: number } =>
      Boolean(r.article && canRead(reader, r.article) && !options.declined?.has(r.article.slug)),
    );
  // Measured against the best article this person is offered (after a "No", the best of the rest).
  const floor = vector && hybrid ? (offered[0]?.score ?? 0) * hybrid.shareOfBest : 0;
  const results = offered
    .filter((r) => r.score >= floor)
    .slice(0, limit)
    .map(({ article: a, score }) => ({
      slug: a.slug,
      type: a.type,
      title: a.title,
      url: a.url,
      category: a.category,
      summary: a.summary,
      snippet: highlightTerms(a.summary, a.locale === 'en' ? shaped.terms : wordsOf(input)),
      score: Math.round(score * 1000) / 1000,
      locale: a.locale,
    }));
  return {
    status: degraded ? 'degraded' : 'ok',
    results,
    query: shaped.engineQuery,
    ...(refining ? { refining: true as const } : {}),
  };
}
