import { describe, expect, it } from 'vitest';
import { tokenize } from '#lib/text/tokenize.ts';
import { misspeltTranslation } from './analysis.ts';
import { MAX_TERMS, shapeQuery, SUBJECT_WEIGHT } from './shape-query.ts';
import { correctSpelling, editDistance } from './spelling.ts';

describe('shapeQuery', () => {
  it('drops stop words in English, German and Italian and keeps the telling words', () => {
    expect(shapeQuery('I cannot print from my laptop').terms).toEqual(['troubleshoot', 'print', 'laptop']);
    expect(shapeQuery('Der Drucker druckt nicht').terms).toContain('printer');
    expect(shapeQuery('la stampante non stampa').terms).toEqual(['printer', 'print']);
  });

  it("weighs the subject's words above the description's, and a subject alone plainly", () => {
    const shaped = shapeQuery('Outlook password', 'a box pops up asking for my password again');
    const weightOf = (t: string) => shaped.weights[shaped.terms.indexOf(t)];
    expect(shaped.weights).toHaveLength(shaped.terms.length);
    expect(weightOf('outlook')).toBe(SUBJECT_WEIGHT);
    expect(weightOf('password')).toBe(SUBJECT_WEIGHT);
    expect(weightOf('box')).toBe(1);
    expect(shapeQuery('Outlook password').weights).toEqual([1, 1]);
  });

  it('keeps error codes, and puts the subject and codes first in the 10 words for Meilisearch', () => {
    const description =
      'yesterday afternoon after lunch the thing showed a window with lots of text and then error 0x80070005 appeared';
    const shaped = shapeQuery('Outlook crash', description);
    expect(shaped.engineQuery.split(' ').slice(0, 3)).toEqual(['outlook', 'crash', '0x80070005']);
    expect(shaped.engineQuery.split(' ').length).toBeLessThanOrEqual(10);
  });

  it('bounds a pasted log: at most MAX_TERMS words, codes kept, the word being typed kept', () => {
    const letters = (n: number): string =>
      n < 26 ? String.fromCharCode(97 + n) : letters(Math.floor(n / 26) - 1) + letters(n % 26);
    const log = Array.from({ length: 3000 }, (_, i) => `zz${letters(i)} failed`).join(' ');
    const shaped = shapeQuery('Outlook crash', `${log} error 0x80070005 then printe`);
    expect(shaped.terms.length).toBeLessThanOrEqual(MAX_TERMS);
    expect(shaped.terms).toContain('0x80070005');
    expect(shaped.terms.at(-1)).toBe('printe');
    expect(shaped.lastTermOpen).toBe(true);
    // A log's numbered lines: its first eight numbers and codes count, the rest are line numbers.
    const numbered = Array.from({ length: 140 }, (_, i) => `0x80070005 upload failed #${i}`).join('\n');
    const terms = shapeQuery('OneDrive', numbered).terms;
    expect(terms).toEqual(expect.arrayContaining(['onedrive', '0x80070005', 'upload', 'failed']));
    expect(terms.filter((t) => /\d/.test(t))).toHaveLength(8);
  });

  it("names an English request's synonyms (not the word being typed), and none for German or Italian", () => {
    expect(shapeQuery('boss wants everyone on 2fa by friday').expansions).toEqual(
      expect.arrayContaining(['mfa', 'multifactor', 'authenticator']),
    );
    expect(shapeQuery('boss wants everyone on 2fa by friday').expansions).not.toContain('2fa');
    // "2f" is half typed: no synonyms for it yet.
    expect(shapeQuery('set up 2f').expansions).toEqual([]);
    expect(shapeQuery('my laptop got stolen yesterday').expansions).toEqual(
      expect.arrayContaining(['notebook', 'lost', 'missing']),
    );
    expect(shapeQuery('Laptop gestohlen', '', undefined, 'de').expansions).toEqual([]);
  });

  it('tokenizes codes, versions and contractions as employees type them', () => {
    expect(tokenize("Can't open AADSTS50105 on v2.3.1 — e-mail")).toEqual([
      'cant',
      'open',
      'aadsts50105',
      'on',
      'v2.3.1',
      'e-mail',
    ]);
  });
});

describe('spelling', () => {
  const vocab = new Map([
    ['screen', 5],
    ['printer', 9],
    ['password', 12],
    ['passport', 1],
    ['attachment', 4],
  ]);
  it('corrects a typo towards the word more articles use', () => {
    expect(correctSpelling('scren', vocab)).toBe('screen');
    expect(correctSpelling('pasword', vocab)).toBe('password');
    expect(correctSpelling('atachment', vocab)).toBe('attachment');
  });
  it('leaves known words, short words, codes and far-off words alone', () => {
    expect(correctSpelling('printer', vocab)).toBe('printer');
    expect(correctSpelling('tem', vocab)).toBe('tem');
    expect(correctSpelling('0x8007', vocab)).toBe('0x8007');
    expect(correctSpelling('zebra', vocab)).toBe('zebra');
  });
  it('counts swaps as one edit', () => {
    expect(editDistance('teh', 'the', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });

  it('translates German compounds by their parts, inflections by stem, and Italian words after an elision', () => {
    expect(shapeQuery('Druckerwarteschlange hängt', '', undefined, 'de').terms).toEqual(
      expect.arrayContaining(['printer', 'queue']),
    );
    expect(shapeQuery('Kennwortänderung', '', undefined, 'de').terms).toEqual(['password', 'change']);
    // Unknown compound, known last part: a Teampostfach is a kind of Postfach.
    expect(shapeQuery('Teampostfach', '', undefined, 'de').terms).toEqual(['mailbox']);
    expect(shapeQuery('Passwörter zuruecksetzen', '', undefined, 'de').terms).toEqual(['password', 'reset']);
    expect(shapeQuery("l'account è bloccato", '', undefined, 'it').terms).toEqual(['account', 'locked']);
    // Without the language, as before: the table as typed, no stems or compounds.
    expect(shapeQuery('Kennwortänderung').terms).toEqual(['kennwortänderung']);
  });
});

describe('typos the spelling corrector alone could not mend', () => {
  it('reads a German or Italian typo of a table word as that word, and leaves unlike words alone', () => {
    expect(shapeQuery('non riesco a stamapre, la stampnte è offline', '', undefined, 'it').terms).toEqual([
      'riesco',
      'print',
      'printer',
      'offline',
    ]);
    expect(misspeltTranslation('stamapre', 'it')).toBe('print');
    // Under six letters a typo cannot be told from another word ("fängt" is not "hängt").
    expect(misspeltTranslation('fängt', 'de')).toBeNull();
    // Nor a word whose first letter differs ("Ahnung", a clue, is not "Mahnung", a payment reminder).
    expect(misspeltTranslation('ahnung', 'de')).toBeNull();
    expect(misspeltTranslation('kaffeeautomat', 'de')).toBeNull();
    // English words are not looked up in the German and Italian tables.
    expect(misspeltTranslation('printre', 'en')).toBeNull();
  });

  it("joins the knowledge base's names typed apart, typo or not, and never into a word of the language", () => {
    const vocab = new Map([
      ['globalprotect', 3],
      ['onedrive', 6],
      ['one', 9],
      ['drive', 7],
      ['everyday', 1],
      ['every', 8],
      ['day', 8],
      ['protect', 2],
      ['authentication', 9],
    ]);
    expect(shapeQuery('globel protect says authentification failed', '', vocab).terms).toEqual([
      'globalprotect',
      'says',
      'authentication',
      'failed',
    ]);
    // Both halves are words the knowledge base uses: the name is added, the halves stay.
    expect(shapeQuery('one drive not syncing', '', vocab).terms).toEqual([
      'one',
      'onedrive',
      'drive',
      'not',
      'syncing',
    ]);
    expect(shapeQuery('my laptop fails every day', '', vocab).terms).toEqual([
      'laptop',
      'fails',
      'every',
      'day',
    ]);
    // Both halves must be in what they join into: "onedrive pw" is not "onedrive" ("pw" is password).
    expect(shapeQuery('onedrive pw', '', vocab).terms).toEqual(['onedrive', 'password']);
    // A stop word never joins ("I spilled" is not "spelled").
    expect(shapeQuery('I spilled coffee', '', new Map([['spelled', 2]])).terms).toEqual([
      'spilled',
      'coffee',
    ]);
  });
});
