import { shapeQuery } from '#lib/search/shape-query.ts';
import type { Vocabulary } from '#lib/search/spelling.ts';
import type { Topic } from './plan-types.ts';
import type { SampleRequest } from './sample-requests.ts';
import { GAP_QUERIES } from './texts.ts';
import { DAY } from './time.ts';

/** Splits what someone wrote into a subject line and a description, as the /help form has them. */
export function splitText(text: string): { subject: string; description: string } {
  const clean = text.trim();
  if (clean.length <= 70) return { subject: clean, description: '' };
  const first = clean.split(/(?<=[.?!])\s/)[0]!;
  if (first.length <= 70) return { subject: first.replace(/[.]$/, ''), description: clean };
  let subject = '';
  for (const w of first.split(/\s+/)) {
    if ((subject + ' ' + w).trim().length > 60) break;
    subject = (subject + ' ' + w).trim();
  }
  return { subject: `${subject}…`, description: clean };
}

/** The sample requests whose answer is suggested to employees here, as typed into the request box. */
export function sampleTopics(
  samples: readonly SampleRequest[],
  categoryOf: ReadonlyMap<string, string>,
  vocabulary: Vocabulary,
): Topic[] {
  const topics: Topic[] = [];
  for (const sample of samples) {
    const slugs = sample.slugs.filter((s) => categoryOf.has(s));
    if (slugs.length === 0) continue;
    const { subject, description } = splitText(sample.text);
    const query = shapeQuery(subject, description, vocabulary).engineQuery || subject.toLowerCase();
    const draft = description ? `${subject}\n${description}` : subject;
    topics.push({
      subject,
      description,
      draft,
      query,
      category: categoryOf.get(slugs[0]!)!,
      answer: slugs[0]!,
      related: slugs.slice(1),
      lang: sample.lang,
    });
  }
  return topics;
}

/** What the knowledge base does not answer, most asked first (weights fall with the rank). */
export function gapTopics(
  categories: ReadonlySet<string>,
  vocabulary: Vocabulary,
): Array<readonly [Topic, number]> {
  return GAP_QUERIES.map((g, i) => {
    const query = shapeQuery(g.text, '', vocabulary).engineQuery || g.text;
    const topic: Topic = {
      subject: g.text,
      description: '',
      draft: g.text,
      query,
      category: categories.has(g.category) ? g.category : null,
      answer: null,
      related: [],
      lang: 'en',
    };
    return [topic, 1 / (i + 1) ** 0.8] as const;
  });
}

/** The recurring problem: one category grows fast over the last two weeks, concentrated on one answer. */
export type Surge = { category: string; topics: Topic[]; start: number; share: (at: number) => number };

export function chooseSurge(topics: readonly Topic[], days: number, end: number): Surge {
  const categories = new Set(topics.map((t) => t.category));
  const category = ['meetings', 'network'].find((c) => categories.has(c)) ?? topics[0]!.category!;
  const ofCategory = topics.filter((t) => t.category === category);
  // English texts where there are some, so the growing subject words read well in the report.
  const english = ofCategory.some((t) => t.lang === 'en')
    ? ofCategory.filter((t) => t.lang === 'en')
    : ofCategory;
  const counts = new Map<string, number>();
  for (const t of english) counts.set(t.answer!, (counts.get(t.answer!) ?? 0) + 1);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]![0];
  const focused = english.filter((t) => t.answer === top);
  const start = end - Math.min(14, Math.max(1, days / 3)) * DAY;
  const share = (at: number) => (at < start ? 0 : (0.3 * (at - start)) / (end - start));
  return { category, topics: focused.length >= 3 ? focused : english, start, share };
}
