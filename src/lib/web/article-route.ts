import { requireReader } from './guards.ts';
import { handleArticleVisit } from './article-page.ts';
import type { ArticleType } from '#lib/content/load.ts';
import { openArticle } from './portal.ts';

/** Everything /kb/<slug> and /faq/<slug> render; null when the reader may not see the article (404). */
export async function loadArticleRoute(
  input: { request: Request; url: URL; locals: App.Locals; slug: string | undefined },
  type: ArticleType,
) {
  const page = openArticle(requireReader(input.locals), type, input.slug ?? '');
  if (!page) return null;
  return { page, visit: await handleArticleVisit(input.request, input.url, input.locals, page.article.slug) };
}
