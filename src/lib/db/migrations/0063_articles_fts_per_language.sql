-- German and Italian articles for the suggestions' lexical ranking (owned by src/lib/search/fts.ts,
-- decision 062). Their text is analysed before it is stored (#lib/text/analyze.ts: Snowball stems,
-- compounds split, elisions dropped, folded), the same way a request is analysed: the tokenizer only
-- splits the stored tokens. English articles stay in articles_fts (porter), as before.
CREATE VIRTUAL TABLE articles_fts_de USING fts5(
  slug UNINDEXED, type UNINDEXED, status UNINDEXED, audience UNINDEXED,
  title, tags, summary, headings, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE articles_fts_it USING fts5(
  slug UNINDEXED, type UNINDEXED, status UNINDEXED, audience UNINDEXED,
  title, tags, summary, headings, body,
  tokenize = 'unicode61 remove_diacritics 2'
);
