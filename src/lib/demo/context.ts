import type { Article } from '#lib/content/load.ts';
import { canRead, EMPLOYEE } from '#lib/content/store.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import type { SlaTarget } from '#lib/tickets/sla.ts';
import { DemoHistoryError } from './errors.ts';
import type { PlanOptions } from './options.ts';
import type { Topic } from './plan-types.ts';
import { seededRandom, type Rng } from './random.ts';
import { SAMPLE_REQUESTS } from './sample-requests.ts';
import { DAY } from './time.ts';
import { chooseSurge, gapTopics, sampleTopics, type Surge } from './topics.ts';

/** Everything a plan is made from; nothing here touches a database or a file. */
export type PlanInput = PlanOptions & {
  /** The loaded knowledge base; only what employees can read is suggested. */
  articles: Article[];
  /** Category slugs of the knowledge base. */
  categories: readonly string[];
  /** The desk's SLA targets by priority (1–4). */
  slaTargets: ReadonlyMap<number, SlaTarget>;
  /** Resolved tickets nobody confirms close after this many days. */
  autoCloseDays: number;
};

/** What the planners share: the seeded generator, the period, the articles and topics, the growing problem. */
export type PlanContext = {
  rng: Rng;
  start: number;
  end: number;
  days: number;
  /** Slugs employees can read. */
  articles: string[];
  byCategory: Map<string, string[]>;
  topics: Topic[];
  gaps: Array<readonly [Topic, number]>;
  surge: Surge;
  employees: number;
  slaTargets: ReadonlyMap<number, SlaTarget>;
  autoCloseDays: number;
};

export function createPlanContext(input: PlanInput): PlanContext {
  const readable = input.articles.filter((a) => canRead(EMPLOYEE, a));
  if (readable.length === 0)
    throw new DemoHistoryError(
      'There are no published articles for employees. Fix: point CONTENT_DIR at the knowledge base (default ./content).',
    );
  for (const priority of [1, 2, 3, 4]) {
    if (!input.slaTargets.has(priority))
      throw new DemoHistoryError(
        `There is no SLA target for P${priority}. Fix: generate into a freshly migrated DATA_DIR.`,
      );
  }
  const vocabulary = buildVocabulary(input.articles);
  const categoryOf = new Map(readable.map((a) => [a.slug, a.category]));
  const topics = sampleTopics(SAMPLE_REQUESTS, categoryOf, vocabulary);
  if (topics.length === 0)
    throw new DemoHistoryError('None of the sample requests points at an article employees can read.');
  const byCategory = new Map<string, string[]>();
  for (const a of readable) byCategory.set(a.category, [...(byCategory.get(a.category) ?? []), a.slug]);
  const end = input.now.getTime();
  return {
    rng: seededRandom(input.seed),
    start: end - input.days * DAY,
    end,
    days: input.days,
    articles: readable.map((a) => a.slug),
    byCategory,
    topics,
    gaps: gapTopics(new Set(input.categories), vocabulary),
    surge: chooseSurge(topics, input.days, end),
    // About 15 people per daily request, between 20 and 2,000.
    employees: Math.min(2000, Math.max(20, Math.round((input.requests / input.days) * 15))),
    slaTargets: input.slaTargets,
    autoCloseDays: input.autoCloseDays,
  };
}

/** An employee, by index: a few people ask a lot, most ask now and then. */
export const someone = (ctx: PlanContext): number => Math.floor(ctx.employees * ctx.rng() ** 1.6);
