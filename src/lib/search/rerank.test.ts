import { describe, expect, it } from 'vitest';
import {
  CANDIDATE_FEATURES,
  candidateVector,
  relevance,
  RERANK_EN,
  type CandidateSignals,
} from './rerank.ts';

const candidate = (over: Partial<CandidateSignals> = {}): CandidateSignals => ({
  fused: 0.5,
  lexical: 0.4,
  cosineZ: 2,
  hasVector: true,
  coverage: 0.5,
  information: 0.5,
  phrased: true,
  ...over,
});

describe('ordering candidates by their signals', () => {
  it('gives the model one number per named feature', () => {
    expect(candidateVector(candidate())).toHaveLength(CANDIDATE_FEATURES.length);
    for (const part of ['mean', 'scale', 'weights'] as const)
      expect(RERANK_EN[part]).toHaveLength(CANDIDATE_FEATURES.length);
  });

  it('reads an article without a vector by its words alone (no cosine counts)', () => {
    const x = candidateVector(candidate({ hasVector: false }));
    expect(x[CANDIDATE_FEATURES.indexOf('cosineZ')]).toBe(0);
  });

  it('scores 0..1, higher for the article that is first by both rankings and near in meaning', () => {
    const strong = relevance(
      RERANK_EN,
      candidateVector(candidate({ fused: 0.9, lexical: 0.9, cosineZ: 4, coverage: 1 })),
    );
    const weak = relevance(
      RERANK_EN,
      candidateVector(candidate({ fused: 0.1, lexical: 0.05, cosineZ: 0.5, coverage: 0.1 })),
    );
    expect(strong).toBeGreaterThan(0.5);
    expect(weak).toBeLessThan(0.2);
    expect(strong).toBeLessThanOrEqual(1);
    expect(weak).toBeGreaterThanOrEqual(0);
  });
});
