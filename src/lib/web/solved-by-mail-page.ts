import { getConfig } from '#lib/config/config.ts';
import { EMPLOYEE, getContent, localizeArticle } from '#lib/content/store.ts';
import { getDb } from '#lib/db/connection.ts';
import type { I18n } from '#lib/i18n/i18n.ts';
import { isLocale } from '#lib/i18n/locales.ts';
import { translate } from '#lib/i18n/translate.ts';
import { refreshTicketDocument } from '#lib/tickets/similar.ts';
import { confirmSolvedLink, readSolvedLink, SOLVED_LINK_DAYS } from '#lib/mail/solved-by-mail.ts';

/** What /mail/solved/<token> shows. */
export type SolvedByMailView =
  | { kind: 'forged'; status: 404 }
  | { kind: 'expired'; status: 410; days: number }
  | {
      kind: 'ready' | 'done' | 'used' | 'closed';
      status: 200 | 409 | 410;
      ticket: string;
      number: number;
      subject: string;
      article: { title: string; url: string };
    };

/** The article's title and address in a language (its English source when not translated). */
function articleIn(slug: string, locale: string): { title: string; url: string } {
  const content = getContent(getConfig().contentDir);
  const article = content.articles.find((a) => a.slug === slug);
  if (!article) return { title: slug, url: `/kb/${slug}` };
  const shown = isLocale(locale) ? localizeArticle(content, EMPLOYEE, article, locale) : article;
  return { title: shown.title, url: article.url };
}

/**
 * /mail/solved/<token>: "This solved it — close my request" from a mailed request's acknowledgement.
 * GET asks (mail scanners open links and must not close anything); POST records the confirmed
 * deflection and closes the ticket. The signed link is the person's proof: no sign-in needed.
 */
export function solvedByMailPage(request: Request, token: string | undefined, i18n: I18n): SolvedByMailView {
  const db = getDb();
  const link =
    request.method === 'POST'
      ? confirmSolvedLink(db, token ?? '', (ticket, slug) =>
          translate(ticket.language ?? 'en', 'email.resolutionNote', {
            title: articleIn(slug, ticket.language ?? 'en').title,
          }),
        )
      : readSolvedLink(db, token ?? '');
  if (link.state === 'done') void refreshTicketDocument(db, link.ticket.id); // resolved: a similar ticket now
  if (link.state === 'expired') return { kind: 'expired', status: 410, days: SOLVED_LINK_DAYS };
  if (link.state === 'forged' || !('ticket' in link)) return { kind: 'forged', status: 404 };
  const status = link.state === 'used' ? 410 : link.state === 'closed' ? 409 : 200;
  return {
    kind: link.state,
    status,
    ticket: `T-${link.ticket.number}`,
    number: link.ticket.number,
    subject: link.ticket.subject,
    article: articleIn(link.slug, i18n.locale),
  };
}
