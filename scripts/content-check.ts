// `npm run content:check`: validates every article and translation; exits 1 when a file is skipped or a
// link is broken. Review dates that passed and translations older than their source are reported, not failed.
import { parseConfig } from '#lib/config/config.ts';
import { loadContent } from '#lib/content/load.ts';
import { isStale, outdatedTranslations } from '#lib/content/store.ts';

const { contentDir } = parseConfig();
const content = loadContent(contentDir);
const { articles, translations, problems, warnings } = content;
for (const p of problems) console.error(`✗ ${p.file}${p.field ? ` [${p.field}]` : ''}: ${p.message}`);
for (const w of warnings) console.error(`✗ ${w.file}: ${w.message}`);
const stale = [...articles, ...translations].filter((a) => isStale(a));
for (const a of stale) console.log(`• ${a.file}: review date ${a.review_by} has passed`);
const outdated = outdatedTranslations(content);
for (const { translation, source } of outdated)
  console.log(
    `• ${translation.file}: older than its source (follows ${translation.source_updated}; ${source.file} was updated ${source.updated}). Fix: bring the translation up to date, then set source_updated: ${source.updated}`,
  );
const kb = articles.filter((a) => a.type === 'article').length;
const byLocale = ['de', 'it', 'en']
  .map((l) => [l, translations.filter((t) => t.locale === l).length] as const)
  .filter(([, n]) => n > 0)
  .map(([l, n]) => `${n} ${l}`)
  .join(', ');
console.log(
  `\n${kb} articles and ${articles.length - kb} FAQs valid in ${contentDir}, ${translations.length} translations${byLocale ? ` (${byLocale})` : ''}; ${problems.length} skipped, ${warnings.length} broken links, ${stale.length} due for review, ${outdated.length} translations older than their source.`,
);
process.exit(problems.length + warnings.length > 0 ? 1 : 0);
