import { requireReader } from './guards.ts';
import { handleArticleVisit } from './article-page.ts';
import type { ArticleType } from '#lib/content/load.ts';
import { isLocale } from '#lib/i18n/locales.ts';
import { openArticle } from './portal.ts';
import { requestLocale } from './request-locale.ts';

/**
 * Everything /kb/<slug> and /faq/<slug> render, in the reader's language (or `?lang=<code>`, the links
 * to the other languages); null when the reader may not see the article (404).
 */
export async function loadArticleRoute(
  input: { request: Request; url: URL; locals: App.Locals; slug: string | undefined },
  type: ArticleType,
) {
  const pageLocale = requestLocale(input.locals, input.request);
  const asked = input.url.searchParams.get('lang');
  const wanted = isLocale(asked) ? asked : pageLocale;
  const page = openArticle(requireReader(input.locals), type, input.slug ?? '', wanted, pageLocale);
  if (!page) return null;
  const missing = page.article.fallback ? wanted : null;
  const visit = await handleArticleVisit(input.request, input.url, input.locals, page.article.slug, missing);
  const alternates = page.languages.map((l) => ({
    hreflang: l.locale,
    href: new URL(l.url, input.url).href,
  }));
  return { page, visit, pageLocale, alternates };
}
