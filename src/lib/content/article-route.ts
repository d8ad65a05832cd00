import { requireUser } from '#lib/auth/guards.ts';
import { readerFor } from '#lib/auth/roles.ts';
import { handleArticleVisit } from '#lib/deflection/article-page.ts';
import type { ArticleType } from './load.ts';
import { openArticle } from './portal.ts';

/** Everything /kb/<slug> and /faq/<slug> render; null when the reader may not see the article (404). */
export async function loadArticleRoute(input: { request: Request; url: URL; locals: App.Locals; slug: string | undefined }, type: ArticleType) {
  const page = openArticle(readerFor(requireUser(input.locals)), type, input.slug ?? '');
  if (!page) return null;
  return { page, visit: await handleArticleVisit(input.request, input.url, input.locals, page.article.slug) };
}
