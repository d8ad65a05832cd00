import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './render.ts';

describe('renderMarkdown', () => {
  it('removes raw HTML tags; what was between them stays as harmless text', () => {
    const { html, text } = renderMarkdown('Hello <script>alert(1)</script> <img src=x onerror=alert(1)> world\n\n<iframe src="https://evil.example"></iframe>');
    expect(html).not.toMatch(/<script|<img|<iframe|onerror/i);
    expect(text).not.toMatch(/<|>/);
    expect(html).toContain('<p>Hello alert(1)  world</p>');
  });

  it('drops javascript: and data: link targets but keeps the link text', () => {
    const { html } = renderMarkdown('[click](javascript:alert(1)) and [data](data:text/html;base64,PHNjcmlwdD4=) and [ok](/kb/reset-your-password)');
    expect(html).not.toMatch(/javascript:|data:text/);
    expect(html).toContain('click');
    expect(html).toContain('href="/kb/reset-your-password"');
  });

  it('gives h2 and h3 anchors for the table of contents', () => {
    const { html, headings } = renderMarkdown('Intro\n\n## Check your connection\n\n### `Gateway not responding`\n\n#### Too deep\n');
    expect(headings).toEqual([
      { depth: 2, id: 'user-content-check-your-connection', text: 'Check your connection' },
      { depth: 3, id: 'user-content-gateway-not-responding', text: 'Gateway not responding' },
    ]);
    expect(html).toContain('<h2 id="user-content-check-your-connection">');
  });

  it('extracts plain text with block boundaries kept apart', () => {
    const { text } = renderMarkdown('First paragraph.\n\nSecond **bold** one.\n\n| a | b |\n|---|---|\n| cell1 | cell2 |\n\n- item one\n- item two\n');
    expect(text).toContain('First paragraph.\nSecond bold one.');
    expect(text).toMatch(/cell1\ncell2/);
    expect(text).not.toContain('paragraph.Second');
  });

  it('renders GitHub tables, task lists and strikethrough', () => {
    const { html } = renderMarkdown('| a |\n|---|\n| b |\n\n- [x] done\n\n~~old~~');
    expect(html).toContain('<table>');
    expect(html).toContain('type="checkbox"');
    expect(html).toContain('<del>old</del>');
  });

  it('puts each table in a focusable region that scrolls, named by the heading above it', () => {
    const { html } = renderMarkdown('## Networks\n\n| Network | Use |\n|---|---|\n| Corp-Secure | laptops |\n\n### Guests\n\n| a |\n|---|\n| b |');
    expect(html).toContain('<div class="table-scroll" role="region" tabindex="0" aria-labelledby="user-content-networks"><table>');
    expect(html).toContain('<div class="table-scroll" role="region" tabindex="0" aria-labelledby="user-content-guests"><table>');
    expect(html.match(/<\/table><\/div>/g)).toHaveLength(2);
  });

  it('names a table with no heading above it by its column headers', () => {
    const { html } = renderMarkdown('| Network | Password |\n|---|---|\n| Guest | none |');
    expect(html).toContain('aria-label="Network, Password"');
    expect(renderMarkdown('|  |\n|---|\n| only cell |').html).toContain('aria-label="only cell"');
  });

  it('lets no article write its own scroll regions or roles', () => {
    const { html } = renderMarkdown('<div class="table-scroll" role="region" tabindex="0">x</div>');
    expect(html).not.toContain('table-scroll');
    expect(html).not.toContain('tabindex');
  });

  it('lists the site pages an article links to', () => {
    const { internalLinks } = renderMarkdown('[a](/kb/one#part) [b](/faq/two?x=1) [c](https://example.com) [d](/help)');
    expect(internalLinks).toEqual(['/kb/one', '/faq/two']);
  });

  it('shows raw HTML as text for what people write (tickets), escaped', () => {
    const { html } = renderMarkdown('<script>alert(1)</script> the printer\n\nSee <b>this</b> and `code`', { rawHtmlAsText: true });
    expect(html).toContain('&#x3C;script>alert(1)&#x3C;/script> the printer');
    expect(html).toContain('&#x3C;b>this&#x3C;/b>');
    expect(html).not.toMatch(/<script|<b>/);
  });

  it('strips the characters reserved for search highlighting', () => {
    expect(renderMarkdown('a\uE000b\uE001c').text).toBe('abc');
  });
});
