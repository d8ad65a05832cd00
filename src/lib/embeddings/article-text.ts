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

/** What a stored vector is checked against: the hash of exactly the text the encoder read. */
export function embeddingTextHash(text: string): string {
  return createHash('sha256').update(text).digest('base64');
}
