import type { Article } from '#lib/content/load.ts';
import { articleEmbeddingText } from '#lib/embeddings/article-text.ts';
import { encoderInput } from '#lib/embeddings/model.ts';
import { detectLanguage } from './analysis.ts';
import { shapeQuery } from './shape-query.ts';

/**
 * What the encoder reads for an article's vector: its own text, then each way people ask for it
 * (front matter `asked`), read as a request in that phrasing's language is read (suggest.ts): an
 * English one as written, a German or Italian one through its translated words, since the encoder
 * reads English. No vocabulary (spelling) here: the hash must not change when other articles do.
 */
export function articleVectorTexts(article: Article): string[] {
  const asked = article.asked.map((phrasing) => {
    const lang = detectLanguage(phrasing, 'en');
    return encoderInput(lang === 'en' ? phrasing : shapeQuery(phrasing, '', undefined, lang).terms.join(' '));
  });
  return [articleEmbeddingText(article), ...asked.filter(Boolean)];
}
