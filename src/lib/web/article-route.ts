import { requireReader } from './guards.ts';
import { handleArticleVisit } from './article-page.ts';
import type { ArticleType } from '#lib/content/load.ts';
import { openArticle } from './portal.ts';

/**
 * Everything /kb/<slug> and /faq/<slug> render, in the reader's language (`?lang=<code>`, the links to
 * the other languages, chooses it for the request); null when the reader may not see the article (404).
 */
export async function loadArticleRoute(
  input: { request: Request; url: URL; locals: App.Locals; slug: string | undefined },
  type: ArticleType,
) {
  const locale = input.locals.i18n.locale;
  const page = openArticle(requireReader(input.locals), type, input.slug ?? '', locale);
  if (!page) return null;
  const missing = page.article.fallback ? locale : null;
  const visit = await handleArticleVisit(input.request, input.url, input.locals, page.article.slug, missing);
  return { page, visit };
}
