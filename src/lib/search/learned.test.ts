import { beforeEach, describe, expect, it } from 'vitest';
import { deskWithPeople } from '#test/desk.ts';
import { testDatabase } from '#test/db.ts';
import type { Db } from '#lib/db/db.ts';
import {
  lastLearnedAt,
  learnedPhrasings,
  learnPhrasings,
  removePhrasing,
  searchLearned,
  solvedRepeat,
  type Phrasing,
} from './learned.ts';
import { shapeQuery } from './shape-query.ts';
import { detectLanguage } from './analysis.ts';

let db: Db;
beforeEach(() => {
  db = testDatabase();
});

const day = 86_400_000;
const now = Date.parse('2026-11-30T12:00:00Z');
const phrasing = (n: number, over: Partial<Phrasing> = {}): Phrasing => ({
  slug: 'reset-your-password',
  source: 'request',
  sourceId: `r${n}`,
  text: `my login box keeps popping up ${n}`,
  learnedAt: new Date(now - n * day).toISOString(),
  ...over,
});

describe('learned phrasings', () => {
  it('are learned once per solve, and once per text for an article', () => {
    expect(learnPhrasings(db, [phrasing(1), phrasing(1), phrasing(2)])).toBe(2);
    expect(learnPhrasings(db, [phrasing(1), phrasing(3, { text: 'my login box keeps popping up 2' })])).toBe(
      0,
    );
    expect(learnedPhrasings(db, 'reset-your-password').map((p) => p.sourceId)).toEqual(['r1', 'r2']);
    expect(lastLearnedAt(db, 'request')).toBe(phrasing(1).learnedAt);
    expect(lastLearnedAt(db, 'ticket')).toBeNull();
  });

  it('keep only the newest per article', () => {
    learnPhrasings(
      db,
      [1, 2, 3, 4, 5].map((n) => phrasing(n)),
      3,
    );
    expect(learnedPhrasings(db, 'reset-your-password').map((p) => p.sourceId)).toEqual(['r1', 'r2', 'r3']);
    // The trimmed ones are gone from the words too.
    expect(db.prepare('SELECT count(*) FROM learned_fts').pluck().get()).toBe(3);
  });

  it('find the article by the words people used, the newer phrasing counting more', () => {
    learnPhrasings(db, [
      phrasing(1, { slug: 'new-article', text: 'zorblatt frobnicator stuck' }),
      phrasing(400, { slug: 'old-article', sourceId: 'r400', text: 'zorblatt frobnicator stuck' }),
      phrasing(2, { slug: 'other', sourceId: 'r2', text: 'printer jammed' }),
    ]);
    const found = searchLearned(db, ['zorblatt', 'frobnicator'], now);
    expect([...found.keys()]).toEqual(['new-article', 'old-article']);
    // 400 days is more than two half-lives: less than a quarter of the weight.
    expect(found.get('old-article')! / found.get('new-article')!).toBeLessThan(0.25);
    expect(searchLearned(db, ['"', ''], now).size).toBe(0);
  });

  it('count a phrasing by the share of the request it says, and not for a word or two in common', () => {
    learnPhrasings(db, [
      phrasing(1, { slug: 'teams-echo', text: 'people on my Teams calls hear themselves twice' }),
      phrasing(2, {
        slug: 'teams-mic',
        sourceId: 'r2',
        text: 'nobody hears me in Teams, the microphone is dead',
      }),
    ]);
    // "teams" alone is a quarter of this request: no evidence that either solved it.
    expect(searchLearned(db, ['teams', 'camera', 'black', 'screen'], now).size).toBe(0);
    // Most of its words are one phrasing's: that article, and the one sharing only "teams" not at all.
    const found = searchLearned(db, ['microphone', 'dead', 'teams', 'laptop'], now);
    expect([...found.keys()]).toEqual(['teams-mic']);
    // Three of its four words: three quarters of what the three alone score.
    const three = searchLearned(db, ['microphone', 'dead', 'teams'], now);
    expect(found.get('teams-mic')! / three.get('teams-mic')!).toBeCloseTo(0.75, 5);
    // Two of five shared ("hears", "teams"): counted, at two fifths.
    expect([...searchLearned(db, ['nobody', 'hears', 'microphone', 'teams', 'laptop'], now).keys()]).toEqual([
      'teams-mic',
      'teams-echo',
    ]);
  });

  it('removed by an agent: not found, not listed, and not learned again', async () => {
    const desk = await deskWithPeople();
    db = desk.db;
    learnPhrasings(db, [phrasing(1, { text: 'zorblatt stuck' })]);
    const [learned] = learnedPhrasings(db, 'reset-your-password');
    expect(removePhrasing(db, 'other-article', learned!.id, desk.alex.id)).toBe(false);
    expect(removePhrasing(db, 'reset-your-password', learned!.id, desk.alex.id)).toBe(true);
    expect(removePhrasing(db, 'reset-your-password', learned!.id, desk.alex.id)).toBe(false);
    expect(searchLearned(db, ['zorblatt'], now).size).toBe(0);
    expect(learnedPhrasings(db, 'reset-your-password')).toEqual([]);
    expect(learnPhrasings(db, [phrasing(1, { text: 'zorblatt stuck' })])).toBe(0);
  });

  it('tell a request worded as a solved one from one that shares a word or two', () => {
    learnPhrasings(db, [
      phrasing(1, { slug: 'map-a-network-drive', text: 'The Zorblatt letter vanished!' }),
      phrasing(2, {
        slug: 'fix-onedrive-sync-problems',
        text: 'Long story: the letter I wrote vanished after lunch, then OneDrive showed red crosses on every folder and the laptop fan went mad',
      }),
      phrasing(3, { slug: 'print-job-stuck-or-printer-offline', text: "Can't print PDF" }),
      phrasing(4, { slug: 'fix-browser-problems-in-edge-and-chrome', text: "can't print PDF files" }),
    ]);
    // Phrasings are read as requests are (shapeQuery): "can't" is "troubleshoot" on both sides.
    const everyone = { shape: (text: string) => shapeQuery(text).terms, accept: (_slug: string) => true };
    const repeat = (text: string, options = everyone) => solvedRepeat(db, shapeQuery(text).terms, options);
    expect(repeat("Can't print PDF")).toEqual({ slug: 'print-job-stuck-or-printer-offline', similarity: 1 });
    // FTS5's stemming counts too: "letters" is "letter".
    expect(repeat('my Zorblatt letters vanished')).toEqual({ slug: 'map-a-network-drive', similarity: 1 });
    // Two of three words: 2 × 2 / (3 + 3) = 0.67, under REPEAT_SIMILARITY.
    expect(repeat('zorblatt letter printer')).toBeNull();
    // A short request inside a long solved story is not a repeat of it.
    expect(repeat('letter vanished onedrive')).toBeNull();
    // One word is never a repeat; nor is a long story.
    expect(repeat('zorblatt')).toBeNull();
    expect(
      repeat(`zorblatt letter vanished ${Array.from({ length: 12 }, (_, i) => `w${i}`).join(' ')}`),
    ).toBeNull();
    // Shared words cannot outnumber the phrasing's own: "print printing" against "print" alone.
    learnPhrasings(db, [phrasing(5, { slug: 'can-i-print-from-my-phone', text: 'Print' })]);
    expect(repeat('print printing')).toBeNull();
    // An article the person may not be offered (declined, not theirs to read): the next repeat.
    const notThePrinter = {
      ...everyone,
      accept: (slug: string) => slug !== 'print-job-stuck-or-printer-offline',
    };
    expect(repeat("Can't print PDF", notThePrinter)?.slug).toBe('fix-browser-problems-in-edge-and-chrome');
    // A phrasing stored in German is found by the German words as typed, and compared translated.
    learnPhrasings(db, [phrasing(6, { slug: 'reset-your-password', text: 'Kennwort vergessen' })]);
    const german = {
      ...everyone,
      shape: (text: string) => shapeQuery(text, '', undefined, detectLanguage(text)).terms,
    };
    const asked = shapeQuery('Kennwort vergessen!', '', undefined, 'de').terms;
    expect(solvedRepeat(db, asked, german)).toBeNull();
    expect(solvedRepeat(db, asked, { ...german, typed: ['kennwort', 'vergessen'] })?.slug).toBe(
      'reset-your-password',
    );
  });
});
