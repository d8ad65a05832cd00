import { describe, expect, it } from 'vitest';
import { headerFit } from './presentation.ts';

describe('the header row at desktop widths', () => {
  it('changes nothing on a wide screen when the links fit beside the search box', () => {
    const css = headerFit(['Knowledge base', 'FAQ', 'Get help', 'My requests'], true)!;
    const widest = Math.max(...[...css.matchAll(/max-width: (\d+)px/g)].map((m) => Number(m[1])));
    expect(widest).toBeLessThan(1100);
    expect(headerFit([], true)).toBeNull();
  });

  it("keeps the search box for a German employee's four links on a 1280 px screen", () => {
    const css = headerFit(['Wissensdatenbank', 'FAQ', 'Hilfe anfordern', 'Meine Anfragen'], true)!;
    const hidesBoxUpTo = Number(/max-width: (\d+)px\) \{ \.header-search/.exec(css)![1]);
    // Measured in Chromium: the row holds the box from 1135 px on; it folds to the button below 1140.
    expect(hidesBoxUpTo).toBe(1139);
    expect(hidesBoxUpTo).toBeLessThan(1152);
  });

  it('shrinks the search box to its button first, then folds the links into the menu', () => {
    // A German agent: five links, about 650 px of them.
    const css = headerFit(
      ['Wissensdatenbank', 'FAQ', 'Hilfe anfordern', 'Meine Anfragen', 'Warteschlange'],
      true,
    )!;
    const [menu = '', search = ''] = css.split('\n');
    const menuUpTo = Number(/max-width: (\d+)px/.exec(menu)![1]);
    const searchFrom = Number(/min-width: (\d+)px/.exec(search)![1]);
    expect(menu).toContain('.nav-menu { display: block; }');
    expect(search).toContain('.header-search input { display: none; }');
    // One takes over where the other stops, and a 1280 px screen (1152 px row) keeps the links.
    expect(searchFrom).toBe(menuUpTo + 1);
    expect(searchFrom).toBeLessThan(1152);
  });

  it('uses the menu at every width when even the widest row cannot hold the links', () => {
    const labels = [
      'Wissensdatenbank',
      'FAQ',
      'Hilfe anfordern',
      'Meine Anfragen',
      'Warteschlange',
      'Berichte',
      'Verwaltung',
    ];
    expect(headerFit(labels, true)).toBe(
      '@media (min-width: 761px) { .site-nav { display: none; } .nav-menu { display: block; } }',
    );
  });
});
