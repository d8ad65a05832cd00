import matter from 'gray-matter';

// gray-matter would evaluate `---js` (and CoffeeScript) front matter as code. Content is data, never
// code: every parse in the app goes through here, with YAML as the only engine.
const refuseCode = () => {
  throw new Error('front matter must be YAML; `---js` and other executable formats are not allowed');
};
const YAML_ONLY = {
  language: 'yaml',
  engines: { js: refuseCode, javascript: refuseCode, coffee: refuseCode, coffeescript: refuseCode },
} as const;

/**
 * The front matter (as data) and the body of an article's source. Throws on front matter that is not
 * YAML or not valid YAML; nothing in the file is ever run.
 */
export function parseFrontMatter(source: string): { data: Record<string, unknown>; content: string } {
  // A fresh options object each time: gray-matter caches by input text, and a cached object could be
  // another file's (or a mutated one).
  const parsed = matter(source, { ...YAML_ONLY, engines: { ...YAML_ONLY.engines } });
  return { data: (parsed.data ?? {}) as Record<string, unknown>, content: parsed.content };
}

/** An article's text: YAML front matter from `data`, then the body. */
export function stringifyFrontMatter(body: string, data: Record<string, unknown>): string {
  return matter.stringify(body, data);
}
