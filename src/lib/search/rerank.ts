import { answerProbability, type LogisticModel } from './confidence.ts';

/**
 * What the hybrid ranking knows about one candidate article of a request, to order the candidates
 * by a learned model instead of one fixed blend (decision 017). Raw values; `candidateVector` shapes them.
 */
export type CandidateSignals = {
  /** The fixed blend: alpha·lexical + (1 − alpha)·cosine, as ranked before the model. */
  fused: number;
  /**
   * The words' part: bm25 normalised against the ceiling, with titles and tags blended in and what
   * solved requests said added (the fixture teaches nothing, so learning has no weight of its own).
   */
  lexical: number;
  /** The cosine's z-score over every article for this request: how far it stands out. */
  cosineZ: number;
  /** Whether the article's vector is computed (else its z-score counts 0). */
  hasVector: boolean;
  /** The share of the request's terms it contains, and the same weighted by idf. */
  coverage: number;
  information: number;
  /** Whether the article is read with how people ask for it (decision 018): which model orders it. */
  phrased: boolean;
};

/**
 * Only signals that say how well the article matches in absolute terms: places in either ranking
 * (1/(1+rank)), the titles' bm25, the raw cosine and the summed bm25 were tried as well and gained a
 * little held out, but then the first of a weak list scored as high as a real match (the lift being
 * out of order got the meeting-room article at 0.8) and "forgot my password, can't log in" put the
 * VPN article first.
 */
export const CANDIDATE_FEATURES = ['fused', 'lexical', 'cosineZ', 'coverage', 'information'] as const;

/** The signals as numbers; an article without a vector has no cosine z-score (0). */
export function candidateVector(c: CandidateSignals): number[] {
  return [c.fused, c.lexical, c.hasVector ? c.cosineZ : 0, c.coverage, c.information];
}

export type RerankModel = LogisticModel;

/** The model's probability that the candidate answers the request (0..1): the same logistic as the gate's. */
export const relevance: (model: RerankModel, x: number[]) => number = answerProbability;

/**
 * English requests' candidates, fit by `npm run eval:search -- --rerank` on the 334 answerable English
 * requests of tests/fixtures/search-quality.jsonl (pointwise, λ 0.01, classes weighed equally). Held out
 * by 5-fold cross-validation (no minimum, no gate), English recall@5 / MRR@10: the fixed blend 0.976 /
 * 0.877, this model 0.979 / 0.892 (λ 0.1: 0.976 / 0.890; pairwise 0.979 / 0.891). A model fit on every
 * language lost German recall@5 (0.957 → 0.914): German and Italian keep the blend. The cosine's
 * z-score weighs most: how far the article stands out from every article for this request. Refit
 * for issue 14, when two one-word German requests ("Passwortregeln") stopped being read as English
 * (analysis.ts `detectLanguage`): held out unchanged. Refit when articles began to be read with how
 * people ask (decision 018; English α 0.4): held out 0.985 / 0.916 for the blend and for this model
 * (recall@5 0.988): the learned order adds little once the encoder reads phrasings.
 */
export const RERANK_EN: RerankModel = {
  mean: [0.3558, 0.1863, 0.5879, 0.2359, 0.1604],
  scale: [0.1809, 0.2051, 1.012, 0.253, 0.2032],
  weights: [0.9837, 0.4586, 0.9829, 0.1791, 0.05399],
  bias: -2.649,
};

/**
 * The same for candidates read alone (no `asked`), fit by `npm run eval:search -- --rerank-only
 * --without-asked` at English α 0.6 (the knowledge base as before decision 018; decision 018,
 * session 17). Held out, English recall@5 / MRR@10: the fixed blend 0.976 / 0.877, this model 0.979
 * / 0.892. RERANK_EN on such a knowledge base put fewer right articles first (in sample R@1 0.806).
 */
export const RERANK_EN_ALONE: RerankModel = {
  mean: [0.2867, 0.1833, 0.5755, 0.232, 0.1578],
  scale: [0.1658, 0.2048, 0.9908, 0.2527, 0.2026],
  weights: [0.6596, 0.5367, 0.9824, 0.2809, 0.1095],
  bias: -2.278,
};
