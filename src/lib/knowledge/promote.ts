import type { Principal } from '#lib/auth/roles.ts';
import { getUserById } from '#lib/auth/users.ts';
import { type ArticleForm, EditorError, findArticleFile, saveArticle } from '#lib/content/editor.ts';
import type { Article, LoadedContent } from '#lib/content/load.ts';
import { localizeArticle, type Reader } from '#lib/content/store.ts';
import type { Locale } from '#lib/i18n/locales.ts';
import { msg } from '#lib/i18n/translate.ts';
import { detectLanguage } from '#lib/search/suggest.ts';
import { sql, type Db } from '#lib/db/db.ts';
import { shapeQuery } from '#lib/search/shape-query.ts';
import { linkedArticles } from '#lib/tickets/workflow.ts';
import { scrubPersonalData, type Removal } from './scrub.ts';

/** The draft's own headings, in the language it is written in. */
const DRAFT_WORDS: Record<Locale, { problem: string; fix: string; related: string; also: string }> = {
  en: { problem: 'The problem', fix: 'What fixes it', related: 'Related articles', also: 'Also reported' },
  de: {
    problem: 'Das Problem',
    fix: 'So wird es behoben',
    related: 'Verwandte Artikel',
    also: 'Ebenfalls gemeldet',
  },
  it: {
    problem: 'Il problema',
    fix: 'Come si risolve',
    related: 'Articoli correlati',
    also: 'Segnalato anche',
  },
};
// Published translations only: the draft links what employees can read.
const EDITORS: Reader = { seesInternal: false, seesUnpublished: false };

/** What "Promote to FAQ draft" would write, shown to the agent before anything is written. */
export type PromotionPreview = {
  ticketNumber: number;
  form: ArticleForm;
  /** What the scrubber took out, so the agent can check nothing personal is left (and nothing useful lost). */
  removals: Removal[];
  /** A published article that may already answer it: offer to add the resolution there instead. */
  existing: Pick<Article, 'slug' | 'title' | 'url' | 'type'> | null;
};

type TicketFacts = {
  id: number;
  number: number;
  subject: string;
  description: string;
  language: Locale | null;
  resolution: string | null;
  category: string | null;
  status: string;
  requester_id: number;
  assignee_id: number | null;
};

const QUESTION_START =
  /^(how|why|what|where|when|who|which|can|could|should|is|are|do|does|did|will|wie|warum|was|wo|kann|come|perché|cosa|dove|posso)\b/i;

/** The requester's subject, cleaned up as an FAQ title: no ticket noise, a capital letter, a question mark for questions. */
export function questionFromSubject(subject: string): string {
  const cleaned = subject
    .replace(/^\s*(re|fw|fwd|aw|wg)\s*:\s*/gi, '')
    .replace(/\b(urgent|asap|help|please|pls)\b[!:.,]*/gi, '')
    .replace(/!+/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/[\s.,;:-]+$/, '')
    .trim();
  if (!cleaned) return 'Untitled question';
  const sentence = cleaned[0]!.toUpperCase() + cleaned.slice(1);
  return QUESTION_START.test(sentence) && !sentence.endsWith('?') ? `${sentence}?` : sentence;
}

/** A slug from a title: ASCII letters and digits, hyphens, at most 60 characters, cut at a word. */
export function slugFromTitle(title: string): string {
  const ascii = title.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ß/g, 'ss').toLowerCase();
  const words = ascii
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter(Boolean);
  let slug = '';
  for (const w of words) {
    if (`${slug}-${w}`.length > 60) break;
    slug = slug ? `${slug}-${w}` : w;
  }
  return slug || 'faq';
}

function firstSentence(text: string, max = 200): string {
  const plain = text
    .replace(/[#>*_`[\]]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = plain.match(/^.*?[.!?](\s|$)/)?.[0]?.trim() ?? plain;
  return sentence.length > max ? `${sentence.slice(0, max - 1).trimEnd()}…` : sentence;
}

/** Everyone named on the ticket: requester, assignee, and whoever acted on it. */
function peopleOnTicket(db: Db, ticket: TicketFacts): { names: string[]; emails: string[] } {
  const ids = new Set<number>([ticket.requester_id, ...(ticket.assignee_id ? [ticket.assignee_id] : [])]);
  for (const id of sql(
    db,
    'SELECT DISTINCT actor_id FROM ticket_events WHERE ticket_id = ? AND actor_id IS NOT NULL',
  )
    .pluck()
    .all(ticket.id) as number[])
    ids.add(id);
  const people = [...ids].flatMap((id) => getUserById(db, id) ?? []);
  return { names: people.map((p) => p.displayName), emails: people.map((p) => p.email) };
}

/**
 * Drafts an FAQ from a resolved ticket: the question in the requester's words, the answer from the
 * resolution note and the articles linked when resolving, category and tags from the ticket, and
 * personal data scrubbed from all of it. `bestMatch`: the slug the suggestions rank first for the
 * ticket, offered when no article was linked. Null when the ticket does not exist or has no resolution yet.
 */
export function previewPromotion(
  db: Db,
  content: LoadedContent,
  ticketNumber: number,
  bestMatch?: string,
): PromotionPreview | null {
  const ticket = sql(
    db,
    'SELECT id, number, subject, description, language, resolution, category, status, requester_id, assignee_id FROM tickets WHERE number = ?',
  ).get(ticketNumber) as TicketFacts | undefined;
  if (!ticket || !ticket.resolution || !['resolved', 'closed'].includes(ticket.status)) return null;
  const context = peopleOnTicket(db, ticket);
  const removals: Removal[] = [];
  const scrub = (text: string) => {
    const result = scrubPersonalData(text, context);
    for (const r of result.removals)
      if (!removals.some((x) => x.kind === r.kind && x.value === r.value)) removals.push(r);
    return result.text;
  };
  const subject = scrub(ticket.subject);
  const description = scrub(ticket.description);
  const resolution = scrub(ticket.resolution);
  const bySlug = new Map(content.articles.map((a) => [a.slug, a]));
  const linked = linkedArticles(db, ticket.id)
    .flatMap((slug) => bySlug.get(slug) ?? [])
    .filter((a) => a.status === 'published' && a.audience === 'employees');
  // The draft is written in the language the requester wrote in (decision 061).
  const locale = ticket.language ?? detectLanguage(`${ticket.subject}\n${ticket.description}`);
  const words = DRAFT_WORDS[locale];
  const title = questionFromSubject(subject);
  const body = [
    `**${words.problem}:** ${description.replace(/\s*\n\s*/g, ' ').trim()}`,
    '',
    `## ${words.fix}`,
    '',
    resolution.trim(),
    ...(linked.length
      ? [
          '',
          `## ${words.related}`,
          '',
          ...linked.map((a) => {
            const shown = localizeArticle(content, EDITORS, a, locale);
            return `- [${shown.title.replace(/[[\]]/g, '')}](${a.url})`;
          }),
        ]
      : []),
  ].join('\n');
  const category = content.categories.some((c) => c.slug === ticket.category)
    ? ticket.category!
    : (linked[0]?.category ?? content.categories[0]?.slug ?? '');
  const tags = shapeQuery(subject, '')
    .terms.filter((t) => t.length > 2 && !/^\d+$/.test(t))
    .slice(0, 6);
  let slug = slugFromTitle(title);
  for (let n = 2; bySlug.has(slug); n++) slug = `${slugFromTitle(title).slice(0, 56)}-${n}`;
  const reviewBy = new Date(Date.now() + 182 * 86_400_000).toISOString().slice(0, 10);
  // The article that already solved it, or else the suggestions' best match for the ticket.
  const existingSlug = linked[0]?.slug ?? bestMatch;
  const existing = existingSlug ? bySlug.get(existingSlug) : undefined;
  return {
    ticketNumber: ticket.number,
    removals,
    existing:
      existing && existing.status === 'published'
        ? { slug: existing.slug, title: existing.title, url: existing.url, type: existing.type }
        : null,
    form: {
      slug,
      type: 'faq',
      title,
      summary: firstSentence(resolution) || firstSentence(description),
      category,
      tags,
      // How people ask grows from solved requests' words (learned.ts) and what the editor adds.
      asked: [],
      audience: 'employees',
      owner: 'it-service-desk',
      review_by: reviewBy,
      source_tickets: [`T-${ticket.number}`],
      locale,
      body,
    },
  };
}

/** Writes the draft (content/faq/<slug>.md in the requester's language, status draft) and its first revision, which keeps the removal list. */
export function promoteToFaqDraft(
  db: Db,
  contentDir: string,
  preview: PromotionPreview,
  agent: Principal,
): { slug: string } {
  if (agent.kind !== 'user') throw new EditorError('form', msg('editor.draftsByPeople'));
  let form = preview.form;
  // Another draft may have taken the slug since the preview: take the next free one rather than fail.
  for (let n = 2; findArticleFile(contentDir, form.slug); n++)
    form = { ...form, slug: `${preview.form.slug.slice(0, 56)}-${n}` };
  saveArticle(db, contentDir, {
    form,
    status: 'draft',
    baseHash: null,
    authorId: agent.id,
    action: 'promoted',
    note: {
      ticket: `T-${preview.ticketNumber}`,
      removed: preview.removals.map((r) => ({ kind: r.kind, value: r.value })),
    },
  });
  return { slug: form.slug };
}

/** The section added to an existing article when the agent chooses "add the resolution there". */
export function resolutionSection(preview: PromotionPreview): string {
  const words = DRAFT_WORDS[preview.form.locale];
  const fix = preview.form.body.split(`## ${words.fix}`)[1]?.split(`## ${words.related}`)[0]?.trim() ?? '';
  return `\n\n## ${words.also}: ${preview.form.title.replace(/\?$/, '')}\n\n${fix}\n`;
}
