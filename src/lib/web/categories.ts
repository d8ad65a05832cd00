import { getConfig } from '#lib/config/config.ts';
import type { Category } from '#lib/content/schema.ts';
import { getContent } from '#lib/content/store.ts';
import type { Locale } from '#lib/i18n/locales.ts';

/**
 * Categories in the reader's language: categories.json gives each an English `label` and
 * `description`, and German and Italian ones in `labels` and `descriptions` (English when missing).
 */

/** A category's name in this language. */
export function categoryLabel(category: Pick<Category, 'label' | 'labels'>, locale: Locale): string {
  return (locale === 'en' ? undefined : category.labels?.[locale]) || category.label;
}

/** A category's description in this language. */
export function categoryDescription(
  category: Pick<Category, 'description' | 'descriptions'>,
  locale: Locale,
): string {
  return (locale === 'en' ? undefined : category.descriptions?.[locale]) || category.description;
}

/** The category (or anything carrying one's fields, like a count) with its label and description in this language. */
export function localizeCategory<C extends Category>(category: C, locale: Locale): C {
  return {
    ...category,
    label: categoryLabel(category, locale),
    description: categoryDescription(category, locale),
  };
}

/** Every category, in this language. */
export function localizedCategories(locale: Locale): Category[] {
  return getContent(getConfig().contentDir).categories.map((c) => localizeCategory(c, locale));
}

/** Category names by slug in this language: for search results, suggestions and article lists. */
export function categoryLabelsFor(locale: Locale): Record<string, string> {
  return Object.fromEntries(
    getContent(getConfig().contentDir).categories.map((c) => [c.slug, categoryLabel(c, locale)]),
  );
}
