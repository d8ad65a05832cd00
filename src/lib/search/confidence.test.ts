import { describe, expect, it } from 'vitest';
import {
  answerProbability,
  FEATURE_NAMES,
  featureVector,
  fitLogistic,
  GATE,
  gateFor,
  GATES,
  type RankingFeatures,
} from './confidence.ts';

const features: RankingFeatures = {
  top: 0.8,
  margin: 0.2,
  nearestCosine: 0.6,
  topCosine: 0.6,
  cosineZ: 3,
  nearestZ: 3,
  agreeCosine: 1,
  agreeBm25: 1,
  topBm25: 12,
  bestBm25: 12,
  coverage: 0.7,
  information: 0.6,
  known: 1,
  outsideWords: 0,
  terms: 5,
  phrased: true,
};

describe('the gate: does the knowledge base answer a request at all', () => {
  it('fits a logistic regression that separates two classes and ranks by its evidence', () => {
    // One telling feature and one of noise; the first decides the class.
    const xs = Array.from({ length: 200 }, (_, i) => [
      i % 2 === 0 ? 1 + (i % 7) / 10 : -1 - (i % 5) / 10,
      (i % 3) - 1,
    ]);
    const y = xs.map((x) => (x[0]! > 0 ? 1 : 0));
    const model = fitLogistic(xs, y);
    const p = (x: number[]) => answerProbability(model, x);
    expect(xs.every((x, i) => (p(x) > 0.5 ? 1 : 0) === y[i])).toBe(true);
    expect(Math.abs(model.weights[0]!)).toBeGreaterThan(5 * Math.abs(model.weights[1]!));
    expect(p([2, 0])).toBeGreaterThan(p([0.5, 0]));
  });

  it('weighs classes equally: the rarer one is not ignored', () => {
    const xs = Array.from({ length: 100 }, (_, i) => [i < 10 ? -1 : 1]);
    const y = xs.map((x) => (x[0]! > 0 ? 1 : 0));
    const model = fitLogistic(xs, y);
    expect(answerProbability(model, [-1])).toBeLessThan(0.5);
  });

  it('has one committed weight per feature, and tells a strong match from a weak one', () => {
    for (const gate of [GATES.phrased, GATES.alone])
      for (const list of [gate.mean, gate.scale, gate.weights])
        expect(list).toHaveLength(FEATURE_NAMES.length);
    expect(featureVector(features, -0.3, 'en')).toHaveLength(FEATURE_NAMES.length);
    const strong = answerProbability(GATE, featureVector(features, -0.3, 'en'));
    const weak = answerProbability(
      GATE,
      featureVector(
        {
          ...features,
          top: 0.3,
          topCosine: 0.35,
          nearestCosine: 0.35,
          cosineZ: 1,
          nearestZ: 1,
          coverage: 0.1,
          information: 0.05,
          known: 0.3,
          topBm25: 1,
          bestBm25: 1,
          agreeCosine: 0,
          agreeBm25: 0,
        },
        0.1,
        'en',
      ),
    );
    expect(strong).toBeGreaterThan(GATE.threshold.en);
    expect(weak).toBeLessThan(GATE.threshold.en);
    // Nearer to a topic outside IT lowers the probability, all else equal; unknown (null) stands at the mean.
    expect(answerProbability(GATE, featureVector(features, 0.2, 'en'))).toBeLessThan(strong);
    expect(featureVector(features, null, 'en')).toContain(GATE.mean[FEATURE_NAMES.indexOf('outside IT')]);
  });

  it('judges an article read alone by its own gate: its cosines run lower than one read with how people ask', () => {
    const alone: RankingFeatures = { ...features, phrased: false, nearestCosine: 0.52, topCosine: 0.5 };
    expect(gateFor(GATES, alone)).toBe(GATES.alone);
    expect(gateFor(GATES, features)).toBe(GATES.phrased);
    const x = featureVector(alone, -0.2, 'en');
    // The same match: accepted as an article read alone, trusted less as one with its phrasings.
    expect(answerProbability(GATES.alone, x)).toBeGreaterThan(GATES.alone.threshold.en);
    expect(answerProbability(GATES.phrased, x)).toBeLessThan(answerProbability(GATES.alone, x));
  });
});
