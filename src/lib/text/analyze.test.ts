import { describe, expect, it } from 'vitest';
import {
  analyseText,
  compoundHead,
  compoundParts,
  compoundVocabulary,
  dropElisions,
  foldGerman,
  splitCompound,
  stemWord,
} from './analyze.ts';

const vocabulary = compoundVocabulary([
  'drucker',
  'warteschlange',
  'kennwort',
  'änderung',
  'anmeldung',
  'fehler',
  'netzwerk',
  'laufwerk',
]);

describe('German analysis', () => {
  it('splits compounds into known words, keeping the whole word beside its parts', () => {
    expect(splitCompound('Druckerwarteschlange', vocabulary)).toEqual(['drucker', 'warteschlange']);
    expect(splitCompound('Kennwortänderung', vocabulary)).toEqual(['kennwort', 'aenderung']);
    // A joining s, and an inflected last part.
    expect(splitCompound('Anmeldungsfehler', vocabulary)).toEqual(['anmeldung', 'fehler']);
    expect(splitCompound('Druckerwarteschlangen', vocabulary)).toEqual(['drucker', 'warteschlangen']);
    expect(splitCompound('Netzwerklaufwerk', vocabulary)).toEqual(['netzwerk', 'laufwerk']);
    // Not made of known words only: left whole, never cut into guesses; its known last part (at
    // least five letters) is what it is a kind of.
    expect(splitCompound('Kennwortmanager', vocabulary)).toEqual([]);
    expect(compoundHead('Sammellaufwerk', vocabulary)).toBe('laufwerk');
    expect(compoundParts('Sammellaufwerk', vocabulary)).toEqual(['laufwerk']);
    expect(compoundHead('Kennwortmanager', vocabulary)).toBeNull();
    expect(splitCompound('Drucker', vocabulary)).toEqual([]);
    const tokens = analyseText('Die Druckerwarteschlange hängt', 'de', vocabulary);
    expect(tokens).toEqual(
      expect.arrayContaining([
        stemWord('druckerwarteschlange', 'de'),
        stemWord('drucker', 'de'),
        stemWord('warteschlange', 'de'),
      ]),
    );
    // A request for the part finds the compound: the same analysis at index and query time.
    expect(tokens).toEqual(expect.arrayContaining(analyseText('Drucker', 'de', vocabulary)));
  });

  it('reads ä/ae, ö/oe, ü/ue and ß/ss as one spelling, and inflections as one stem', () => {
    const same = (a: string, b: string) =>
      expect(analyseText(a, 'de', vocabulary)).toEqual(analyseText(b, 'de', vocabulary));
    same('zurücksetzen', 'zuruecksetzen');
    same('Kennwortänderung', 'Kennwortaenderung');
    same('Größe', 'Groesse');
    same('schließen', 'schliessen');
    same('Passwörter', 'Passwoerter');
    same('Drucker', 'Druckers');
    same('Verbindung', 'Verbindungen');
    expect(foldGerman('Größe Übersicht')).toBe('groesse uebersicht');
  });

  it('drops German stop words', () => {
    expect(analyseText('Der Drucker und die Maus', 'de')).toEqual([
      stemWord('drucker', 'de'),
      stemWord('maus', 'de'),
    ]);
  });
});

describe('Italian analysis', () => {
  it("drops elided articles and prepositions (l'account, dell'utente, c'è)", () => {
    expect(analyseText("non riesco ad accedere all'account dell'utente", 'it')).toEqual(
      analyseText('non riesco ad accedere account utente', 'it'),
    );
    expect(analyseText("c'è un errore", 'it')).toEqual([stemWord('errore', 'it')]);
    expect(analyseText('l’account', 'it')).toEqual([stemWord('account', 'it')]);
    expect(dropElisions("l'account dell'utente, un'app")).toBe('account utente, app');
    // English contractions are not Italian elisions.
    expect(dropElisions("it's the user's can't")).toBe("it's the user's can't");
  });

  it('reads è/e and à/a alike, and inflections as one stem', () => {
    const same = (a: string, b: string) => expect(analyseText(a, 'it')).toEqual(analyseText(b, 'it'));
    same('unità', 'unita');
    same('stampante', 'stampanti');
    same('bloccato', 'bloccata');
    same('connessione', 'connessioni');
    expect(stemWord('caffè', 'it')).toBe(stemWord('caffe', 'it'));
  });
});

describe('other scripts', () => {
  it('passes words of other scripts through as typed (lowercased), markup as plain words', () => {
    expect(analyseText('كلمة المرور', 'de')).toEqual(['كلمة', 'المرور']);
    expect(analyseText('סיסמה 密码', 'it')).toEqual(['סיסמה', '密码']);
    expect(analyseText('<script>alert(1)</script>', 'de')).toEqual(['script', 'alert', '1', 'script']);
    expect(analyseText('', 'de')).toEqual([]);
  });
});
