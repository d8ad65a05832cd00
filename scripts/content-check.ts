// `npm run content:check`: validates every article; exits 1 when a file is skipped or a link is broken.
import { parseConfig } from '#lib/config/config.ts';
import { loadContent } from '#lib/content/load.ts';
import { isStale } from '#lib/content/store.ts';

const { contentDir } = parseConfig();
const { articles, problems, warnings } = loadContent(contentDir);
for (const p of problems) console.error(`✗ ${p.file}${p.field ? ` [${p.field}]` : ''}: ${p.message}`);
for (const w of warnings) console.error(`✗ ${w.file}: ${w.message}`);
const stale = articles.filter((a) => isStale(a));
for (const a of stale) console.log(`• ${a.file}: review date ${a.review_by} has passed (owner: ${a.owner})`);
const kb = articles.filter((a) => a.type === 'article').length;
console.log(
  `\n${kb} articles and ${articles.length - kb} FAQs valid in ${contentDir}; ${problems.length} skipped, ${warnings.length} broken links, ${stale.length} due for review.`,
);
process.exit(problems.length + warnings.length > 0 ? 1 : 0);
