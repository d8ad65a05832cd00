import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadContent } from '#lib/content/load.ts';
import { tokenize } from '#lib/text/tokenize.ts';
import { detectLanguage } from './analysis.ts';
import { shapeQuery } from './shape-query.ts';
import { GERMAN, ITALIAN } from './translations.ts';
import {
  WORKPLACE_ENGLISH,
  WORKPLACE_GERMAN,
  WORKPLACE_ITALIAN,
  workplaceShare,
} from './workplace-vocabulary.ts';

const terms = (text: string, lang: 'de' | 'it') => shapeQuery(text, '', undefined, lang).terms;

describe('the German and Italian words of work outside IT (issue 14)', () => {
  it('is a general dictionary of both languages, and leaves the IT words as they were', () => {
    expect(Object.keys(WORKPLACE_GERMAN).length).toBeGreaterThanOrEqual(150);
    expect(Object.keys(WORKPLACE_ITALIAN).length).toBeGreaterThanOrEqual(150);
    // Joined into the term map (translations.ts); an IT word keeps its IT sense.
    for (const [word, english] of Object.entries(WORKPLACE_GERMAN)) expect(GERMAN[word]).toBe(english);
    for (const [word, english] of Object.entries(WORKPLACE_ITALIAN)) expect(ITALIAN[word]).toBe(english);
    expect(GERMAN.drucker).toBe('printer');
    expect(ITALIAN.stampante).toBe('printer');
  });

  it('has no word the English articles use: the map is applied to the words of every request', () => {
    const english = new Set(
      loadContent(path.resolve('content'))
        .articles.filter((a) => a.locale === 'en')
        .flatMap((a) => tokenize(`${a.title} ${a.summary} ${a.text}`)),
    );
    const clashes = [...Object.keys(WORKPLACE_GERMAN), ...Object.keys(WORKPLACE_ITALIAN)].filter((w) =>
      english.has(w),
    );
    expect(clashes).toEqual([]);
  });

  it('reads pay, leave, travel and the building in English, compounds and inflections too', () => {
    expect(terms('Wann wird das Weihnachtsgeld überwiesen?', 'de')).toEqual(
      expect.arrayContaining(['christmas', 'bonus']),
    );
    expect(terms('Meine Bankverbindung für die Gehaltszahlungen hat sich geändert', 'de')).toEqual(
      expect.arrayContaining(['bank', 'details', 'salary', 'payment']),
    );
    // A compound of two known words.
    expect(terms('Reisekostenabrechnung einreichen', 'de')).toEqual(
      expect.arrayContaining(['travel', 'expenses', 'payslip']),
    );
    expect(terms('Die Klimaanlage im dritten Stockwerk tropft', 'de')).toEqual(
      expect.arrayContaining(['air', 'conditioning', 'floor', 'dripping']),
    );
    expect(terms('come chiedo il rimborso delle spese di trasferta?', 'it')).toEqual(
      expect.arrayContaining(['reimbursement', 'expenses', 'business', 'trip']),
    );
    expect(terms('il riscaldamento in ufficio è spento', 'it')).toEqual(
      expect.arrayContaining(['heating', 'office']),
    );
    expect(terms('quando arrivano i cedolini?', 'it')).toContain('payslip');
    // Not through its part "konto", which the IT table reads as an account to sign in to.
    expect(terms('Neues Bankkonto für das Gehalt', 'de')).toEqual(
      expect.arrayContaining(['bank', 'details', 'salary']),
    );
    expect(terms('Neues Bankkonto für das Gehalt', 'de')).not.toContain('account');
  });

  it('keeps IT requests in their IT sense', () => {
    expect(terms('Drucker erkennt meinen Ausweis nicht', 'de')).toEqual(
      expect.arrayContaining(['printer', 'badge']),
    );
    // Words whose stems lie near a workplace word's: not read as it.
    expect(terms('volevo sapere come si installa Teams', 'it')).not.toContain('flight');
    expect(terms('nella sede di Milano la stampante non va', 'it')).not.toContain('chair');
    expect(terms('ho preso un virus?', 'it')).not.toContain('power');
    expect(terms('Im Posteingang fehlen Mails', 'de')).not.toContain('entrance');
    expect(terms('Praktisch jede Seite lädt langsam', 'de')).not.toContain('table');
    expect(terms('Softwarepaket installieren', 'de')).not.toContain('parcel');
  });
});

describe('the language of a request with no function word', () => {
  it('is told by a word the tables know by its stem or as a German compound', () => {
    expect(detectLanguage('Passwortregeln')).toBe('de');
    expect(detectLanguage('adminrechte beantragen')).toBe('de');
    expect(detectLanguage('Gehaltsabrechnungen')).toBe('de');
    expect(detectLanguage('cedolini')).toBe('it');
  });

  it('is otherwise the fallback, and short or English words tell nothing', () => {
    expect(detectLanguage('install visio')).toBe('en');
    expect(detectLanguage('Outlook VPN', 'it')).toBe('it');
    expect(detectLanguage('printer offline')).toBe('en');
    // A function word still decides first.
    expect(detectLanguage('the Passwortregeln are strict')).toBe('en');
  });

  it("give the share of a request's words that are words of work outside IT, in any language", () => {
    const share = (text: string, lang: 'en' | 'de' | 'it') =>
      workplaceShare(shapeQuery(text, '', undefined, lang).terms);
    expect(share('where is my payslip for march', 'en')).toBeGreaterThan(0.3);
    expect(share('Wo finde ich meine Gehaltsabrechnung?', 'de')).toBeGreaterThan(0.3);
    expect(share('quando arrivano i cedolini?', 'it')).toBeGreaterThan(0.3);
    expect(share('the heating on the third floor is broken', 'en')).toBeGreaterThan(0.3);
    // Words of any request, and words with an IT sense, say nothing.
    expect(share('my office laptop will not start', 'en')).toBe(0);
    expect(share('Drucker erkennt meinen Ausweis nicht', 'de')).toBe(0);
    expect(share('outlook keeps asking for my password', 'en')).toBe(0);
    expect(WORKPLACE_ENGLISH.has('office')).toBe(false);
    expect(workplaceShare([])).toBe(0);
  });
});
