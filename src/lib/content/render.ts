import type { Element, Root as HastRoot } from 'hast';
import { toString as hastToString } from 'hast-util-to-string';
import type { Nodes as MdastNodes, Root as MdastRoot } from 'mdast';
import rehypeSanitize from 'rehype-sanitize';
import rehypeSlug from 'rehype-slug';
import rehypeStringify from 'rehype-stringify';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import { SKIP, visit } from 'unist-util-visit';

export type Heading = { depth: 2 | 3; id: string; text: string };

export type RenderedMarkdown = {
  /** Sanitized HTML, safe to insert into a page. */
  html: string;
  /** The words of the body without markup, for the search index. */
  text: string;
  /** h2 and h3 headings with their anchor ids, for the table of contents. */
  headings: Heading[];
  /** Site paths this article links to (/kb/..., /faq/...), for the broken-link check. */
  internalLinks: string[];
};

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkRehype) // raw HTML in Markdown is dropped here (no allowDangerousHtml)
  .use(rehypeSlug)
  // GitHub's schema, last before output: no raw HTML, no javascript: URLs, ids prefixed with
  // `user-content-` so they cannot clobber the page's own globals.
  .use(rehypeSanitize)
  .use(tablesScrollOnTheirOwn)
  .use(rehypeStringify);

/**
 * A table wider than a phone scrolls sideways inside its own region instead of breaking its words
 * mid-word or widening the page. The region is focusable so keyboard users can scroll it, and named
 * by the heading above the table (or, with none, by its column headers) in the article's own words.
 * Tickets' and replies' tables get the same.
 * Runs after the sanitizer: it adds only attributes it writes itself.
 */
function tablesScrollOnTheirOwn() {
  return (tree: HastRoot) => {
    let heading: string | undefined;
    visit(tree, 'element', (node: Element, index, parent) => {
      if ((node.tagName === 'h2' || node.tagName === 'h3') && typeof node.properties.id === 'string') heading = node.properties.id;
      if (node.tagName !== 'table' || !parent || index === undefined) return;
      const name = heading ? { ariaLabelledBy: [heading] } : { ariaLabel: columnHeaders(node) || hastToString(node).trim().slice(0, 80) };
      parent.children[index] = { type: 'element', tagName: 'div', properties: { className: ['table-scroll'], role: 'region', tabIndex: 0, ...name }, children: [node] };
      return SKIP;
    });
  };
}

function columnHeaders(table: Element): string {
  const names: string[] = [];
  visit(table, 'element', (node: Element) => {
    if (node.tagName === 'th') names.push(hastToString(node).trim());
  });
  return names.filter(Boolean).join(', ');
}

// Characters reserved for search highlighting; they must never come from content.
const RESERVED = /[\uE000\uE001]/g;

/** Raw HTML in what people write (tickets, replies) is shown as the text they typed, never dropped or run. */
function htmlAsText(tree: MdastRoot): void {
  visit(tree, 'html', (node, index, parent) => {
    if (!parent || index === undefined) return;
    const replacement = parent.type === 'root' ? { type: 'paragraph' as const, children: [{ type: 'text' as const, value: node.value }] } : { type: 'text' as const, value: node.value };
    (parent.children as unknown[])[index] = replacement;
  });
}

/**
 * Renders Markdown to sanitized HTML, plain text and headings. Articles drop raw HTML; with
 * `rawHtmlAsText` (ticket descriptions and replies) it is kept visible as text instead.
 */
export function renderMarkdown(markdown: string, options: { rawHtmlAsText?: boolean } = {}): RenderedMarkdown {
  const mdast = processor.parse(markdown) as MdastRoot;
  if (options.rawHtmlAsText) htmlAsText(mdast);
  const text = plainText(mdast).replace(RESERVED, '');
  const hast = processor.runSync(mdast) as HastRoot;
  const headings: Heading[] = [];
  const internalLinks = new Set<string>();
  visit(hast, 'element', (node: Element) => {
    const href = node.tagName === 'a' ? node.properties.href : undefined;
    if (typeof href === 'string' && /^\/(kb|faq)\//.test(href)) internalLinks.add(href.split(/[?#]/)[0]!);
    if ((node.tagName === 'h2' || node.tagName === 'h3') && typeof node.properties.id === 'string') {
      headings.push({ depth: node.tagName === 'h2' ? 2 : 3, id: node.properties.id, text: hastToString(node).trim() });
    }
  });
  return { html: processor.stringify(hast), text: normalizeWhitespace(text), headings, internalLinks: [...internalLinks] };
}

// Words of text, inline code and code blocks; block boundaries become line breaks so that words of
// adjacent paragraphs or table cells are not glued together in the index.
function plainText(node: MdastNodes): string {
  if (node.type === 'text' || node.type === 'inlineCode' || node.type === 'code') return node.value;
  if (node.type === 'html') return '';
  if (node.type === 'break') return '\n';
  if (!('children' in node)) return '';
  const inner = (node.children as MdastNodes[]).map(plainText);
  return INLINE_CONTAINERS.has(node.type) ? inner.join('') : inner.join('\n');
}

const INLINE_CONTAINERS = new Set(['paragraph', 'heading', 'tableCell', 'link', 'linkReference', 'emphasis', 'strong', 'delete']);

function normalizeWhitespace(s: string): string {
  return s.replace(/[ \t]+/g, ' ').replace(/\s*\n\s*/g, '\n').trim();
}
