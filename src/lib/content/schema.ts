import { z } from 'zod';
import { LOCALES } from '#lib/i18n/locales.ts';

/** A calendar date; YAML gives a Date for `2027-05-01` and a string for `"2027-05-01"`. */
/** Messages are catalogue keys (`editor.fm…`): the loader words them, in English for `content:check`. */
const isoDate = (missing?: string) =>
  z.preprocess(
    (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v),
    z.string(missing ? { error: missing } : undefined).regex(/^\d{4}-\d{2}-\d{2}$/, 'editor.fmDate'),
  );
const IsoDate = isoDate();

/** Front matter of a KB article or FAQ (see content/README.md). */
export const FrontMatterSchema = z.object({
  /** Shown as the page heading and in suggestions. */
  title: z.string({ error: 'editor.fmTitleMissing' }).trim().min(1, 'editor.fmTitleEmpty').max(120, 'editor.fmTitleLong'),
  /** One sentence shown in suggestions and lists. */
  summary: z.string({ error: 'editor.fmSummaryMissing' }).trim().min(1, 'editor.fmSummaryEmpty').max(300, 'editor.fmSummaryLong'),
  /** article (content/kb) or faq (content/faq); defaults to the folder. */
  type: z.enum(['article', 'faq']).optional(),
  /** A slug from categories.json. */
  category: z.string({ error: 'editor.fmCategoryMissing' }).trim().min(1),
  /** Words people use for this problem. */
  tags: z.array(z.string().trim().min(1).max(40).transform((t) => t.toLowerCase())).max(20).default([]),
  /**
   * How people put this problem in their own words, in any language ("outlook's gone on strike",
   * "Konto gesperrt"): the sentence encoder reads them with the article, so suggestions find it from
   * everyday wording (decision 018). Never shown to employees.
   */
  asked: z.array(z.string().trim().min(1).max(200, 'editor.fmAskedLong')).max(40, 'editor.fmAskedMany').default([]),
  /** Internal articles (agents) never reach employees. */
  audience: z.enum(['employees', 'agents']).default('employees'),
  /** Only published articles are suggested to employees. */
  status: z.enum(['draft', 'published', 'archived']).default('published'),
  /** The team that keeps the article true. */
  owner: z.string().trim().min(1).max(80).default('it-service-desk'),
  /** After this date the article is flagged stale. */
  review_by: IsoDate.optional(),
  /** Date of the last real change. */
  updated: IsoDate.optional(),
  /** Tickets an FAQ was promoted from. */
  source_tickets: z.array(z.string().trim().regex(/^T-\d+$/, 'editor.fmTicket')).default([]),
  /** Language of the article. */
  locale: z.enum(LOCALES).default('en'),
});

export type FrontMatter = z.infer<typeof FrontMatterSchema>;

/** The fields a translation takes from its source article and must not state itself. */
export const INHERITED_FIELDS = ['type', 'category', 'audience', 'owner', 'source_tickets', 'asked'] as const;

/**
 * Front matter of a translation (`<slug>.<locale>.md` beside `<slug>.md`): exactly these fields;
 * everything else (INHERITED_FIELDS) comes from the source article.
 */
export const TranslationFrontMatterSchema = z.strictObject(
  {
    /** The title in this language. */
    title: FrontMatterSchema.shape.title,
    /** The summary in this language. */
    summary: FrontMatterSchema.shape.summary,
    /** Words people use for this problem in this language. */
    tags: FrontMatterSchema.shape.tags,
    /** The language; must match the file name (`.de.md` → de). */
    locale: z.enum(LOCALES, { error: 'editor.fmLocaleMissing' }),
    /** Only published translations are shown to employees (the source must be published too). */
    status: FrontMatterSchema.shape.status,
    /** The source's `updated` date this translation follows; older than the source's means it is out of date. */
    source_updated: isoDate('editor.fmSourceUpdatedMissing'),
    /** Date of the last real change of this translation. */
    updated: IsoDate.optional(),
    /** After this date the translation is flagged stale. */
    review_by: IsoDate.optional(),
  },
  // Unknown fields (`unrecognized_keys`) are worded by the loader (editor.fmNotInTranslation), which names them.
);

export type TranslationFrontMatter = z.infer<typeof TranslationFrontMatterSchema>;

/** A category as configured in categories.json. */
export const CategorySchema = z.object({
  slug: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'use lowercase letters, digits and hyphens'),
  label: z.string().trim().min(1).max(60),
  description: z.string().trim().max(200).default(''),
  /** The label in German and Italian (`{ "de": "…", "it": "…" }`); English is `label`. */
  labels: z.object({ de: z.string().trim().min(1).max(60), it: z.string().trim().min(1).max(60) }).partial().optional(),
  /** The description in German and Italian; English is `description`. */
  descriptions: z.object({ de: z.string().trim().max(200), it: z.string().trim().max(200) }).partial().optional(),
});
export type Category = z.infer<typeof CategorySchema>;

/** File names become URLs: lowercase letters, digits and single hyphens. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
