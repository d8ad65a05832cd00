import { createHash } from 'node:crypto';
import type { Article } from '#lib/content/load.ts';
import { encoderInput } from './model.ts';

/** Characters of the body's plain text that follow the title, summary and headings. */
const BODY_START_CHARS = 500;

/**
 * What the encoder reads of an article: what it is about (title, summary), how it is organised
 * (headings) and how it begins. The one place to tune by measurement (`npm run eval:search`); a
 * change here changes every text hash, so the stored vectors are computed again in the background.
 */
export function articleEmbeddingText(article: Article): string {
  const body = article.text.slice(0, BODY_START_CHARS).replace(/\s+\S*$/, '');
  const headings = article.headings.map((h) => h.text).join('. ');
  return encoderInput([article.title, article.summary, headings, body].filter(Boolean).join('\n'));
}

/**
 * Every text the encoder reads for one article's vector: the article's own text first, then each
 * way people ask for it (front matter `asked`). The search layer passes one that reads German and
 * Italian phrasings through their translated words, as it reads such requests (decision 018).
 */
export type ArticleVectorTexts = (article: Article) => string[];

/** The phrasings as written: for tests and tools that do not rank German or Italian requests. */
export const phrasingsAsWritten: ArticleVectorTexts = (article) => [
  articleEmbeddingText(article),
  ...article.asked.map(encoderInput).filter(Boolean),
];

/**
 * How much the mean of the phrasings' vectors weighs against the article's own (then normalised).
 * Measured on the fixture, encoder alone: 0 → R@5 0.839, 1 → 0.907, 2 → 0.916 (decision 018).
 */
const ASKED_WEIGHT = 2;

/** One article's vector from its texts' vectors (as `ArticleVectorTexts` lists them): unit length. */
export function combineArticleVectors(vectors: Float32Array[]): Float32Array {
  const [own, ...asked] = vectors;
  if (!own) throw new Error('an article vector needs the article text');
  if (asked.length === 0) return own;
  const combined = Float32Array.from(own);
  const each = ASKED_WEIGHT / asked.length;
  for (const v of asked) for (let i = 0; i < combined.length; i++) combined[i]! += each * v[i]!;
  return unitLength(combined);
}

/** `v` scaled to length 1 in place (a zero vector is left as it is). */
export function unitLength(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) || 1;
  for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}

/** What a stored vector is checked against: the hash of exactly the text the encoder read. */
export function embeddingTextHash(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}

/**
 * The same for an article's texts. An article without phrasings hashes as its text alone did before
 * phrasings existed, so their arrival does not recompute every vector of a knowledge base. (`asked 2`:
 * vectors computed before each phrasing's own vector was stored are computed again.)
 */
export function embeddingTextsHash(texts: string[]): string {
  return texts.length === 1
    ? embeddingTextHash(texts[0]!)
    : embeddingTextHash(['asked 2', ...texts].join('\n\u0000'));
}
