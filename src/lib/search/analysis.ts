import { languageDetector, type Language } from '#lib/text/language.ts';
import {
  analyseText,
  compoundVocabulary,
  compoundParts,
  stemWord,
  type AnalysedLanguage,
} from '#lib/text/analyze.ts';
import { GERMAN, ITALIAN } from './translations.ts';
import { tokenize } from '#lib/text/tokenize.ts';
import { isSpelledRight, wordsNear, type Vocabulary } from './spelling.ts';

/**
 * German words that IT compounds are made of (Drucker|warteschlange, Kennwort|änderung,
 * Netzwerk|laufwerk), beside the translation table's words: what `splitCompound` may cut a word
 * into. A compound whose parts are not all here stays whole (it still matches itself).
 */
// prettier-ignore
const GERMAN_WORD_PARTS = [
  'drucker', 'druck', 'warteschlange', 'schlange', 'auftrag', 'patrone', 'toner', 'papier', 'stau',
  'kennwort', 'passwort', 'wort', 'änderung', 'aenderung', 'wechsel', 'ablauf', 'richtlinie',
  'anmeldung', 'anmelde', 'abmeldung', 'konto', 'benutzer', 'nutzer', 'name', 'daten', 'sperre',
  'netzwerk', 'netz', 'laufwerk', 'freigabe', 'ordner', 'datei', 'speicher', 'platz', 'platte',
  'postfach', 'mail', 'email', 'nachricht', 'anhang', 'signatur', 'kalender', 'termin', 'einladung',
  'besprechung', 'raum', 'buchung', 'bildschirm', 'monitor', 'anzeige', 'auflösung', 'kamera',
  'mikrofon', 'ton', 'lautsprecher', 'kopfhörer', 'headset', 'tastatur', 'maus', 'akku', 'ladegerät',
  'lade', 'kabel', 'stecker', 'adapter', 'docking', 'station', 'rechner', 'computer', 'laptop',
  'gerät', 'handy', 'telefon', 'diensthandy', 'dienst', 'firmen', 'firma', 'büro', 'heim', 'home',
  'office', 'arbeit', 'arbeits', 'zugang', 'zugriff', 'berechtigung', 'recht', 'rechte',
  'administrator', 'admin', 'gruppe', 'verteiler', 'liste', 'software', 'programm', 'app', 'anwendung',
  'lizenz', 'installation', 'update', 'aktualisierung', 'version', 'fehler', 'meldung', 'code',
  'störung', 'ausfall', 'verbindung', 'internet', 'wlan', 'funk', 'gast', 'zertifikat', 'sicherheit',
  'schlüssel', 'faktor', 'bestätigung', 'phishing', 'virus', 'schutz', 'urlaub', 'abwesenheit',
  'vertretung', 'notiz', 'antwort', 'mitarbeiter', 'eintritt', 'austritt', 'tag', 'erst', 'neu',
  'reparatur', 'ersatz', 'verlust', 'diebstahl', 'reise', 'ausland', 'sprach', 'video', 'konferenz',
  'teams', 'outlook', 'browser', 'seite', 'web', 'cloud', 'sicherung', 'wiederherstellung',
  'papierkorb', 'profil', 'bild', 'foto', 'scan', 'scanner', 'vpn', 'fern', 'wartung', 'neustart',
  'start', 'system', 'betriebs', 'treiber', 'regel', 'antrag', 'status',
];

/** The parts German compounds are split into (fixed in code: an article is analysed the same at every start). */
const VOCABULARY = compoundVocabulary([...GERMAN_WORD_PARTS, ...Object.keys(GERMAN)]);

/** An article's German or Italian text as index tokens (the FTS5 tables of migration 0063). */
export function analyseForIndex(text: string, lang: AnalysedLanguage): string[] {
  return analyseText(text, lang, VOCABULARY);
}

/** A request's German or Italian words as query tokens: the same analysis as the articles'. */
export function analyseQuery(text: string, lang: AnalysedLanguage): string[] {
  return [...new Set(analyseText(text, lang, VOCABULARY))];
}

// The translation tables by stem: "Druckers", "Passwörter", "zuruecksetzen" find the entry of
// "drucker", "passwort", "zurücksetzen".
const byStem = (table: Record<string, string>, lang: AnalysedLanguage) => {
  const out = new Map<string, string>();
  for (const [word, english] of Object.entries(table)) {
    const stem = stemWord(word, lang);
    if (!out.has(stem)) out.set(stem, english);
  }
  return out;
};
const STEMMED = { de: byStem(GERMAN, 'de'), it: byStem(ITALIAN, 'it') };

/**
 * The English of a German or Italian word the translation table does not hold as typed: by its
 * stem, else (German) by the parts of a compound (Druckerwarteschlange → printer queue). Null when
 * nothing is known: the word is then searched as it is.
 */
export function translateWord(word: string, lang: Language): string | null {
  if (lang !== 'de' && lang !== 'it') return null;
  const direct = STEMMED[lang].get(stemWord(word, lang));
  if (direct) return direct;
  if (lang !== 'de') return null;
  const parts = compoundParts(word, VOCABULARY).map((p) => STEMMED.de.get(stemWord(p, 'de')));
  const known = parts.filter((p): p is string => Boolean(p));
  return known.length > 0 ? known.join(' ') : null;
}

/** Each language's table words, as a vocabulary `misspeltTranslation` looks typos up in (`wordsNear`). */
const TABLE_WORDS: Record<AnalysedLanguage, Vocabulary> = {
  de: new Map(Object.keys(GERMAN).map((w) => [w, 1])),
  it: new Map(Object.keys(ITALIAN).map((w) => [w, 1])),
};
const LONGEST = {
  de: Math.max(...Object.keys(GERMAN).map((w) => w.length)),
  it: Math.max(...Object.keys(ITALIAN).map((w) => w.length)),
};
const misspelt = new Map<string, string | null>();

/**
 * The English of a German or Italian word that is a typo of a table word ("stamapre" → stampare →
 * print, "stampnte" → stampante → printer): one edit from 6 letters, two from 9, the first letter
 * as typed ("Ahnung" is not "Mahnung"); null when no table word is that near, or two different ones
 * are. Without it such a word went to the English spelling corrector, which turned it into an
 * English word that merely looks alike, or kept it unmatched. Not used to tell the language: an
 * English word one edit from an Italian one is still English.
 */
export function misspeltTranslation(word: string, lang: Language): string | null {
  if ((lang !== 'de' && lang !== 'it') || word.length < 6 || word.length > LONGEST[lang] + 2) return null;
  // An English word in a German or Italian request ("sticker") is not a typo of theirs ("Stecker").
  if (/\d/.test(word) || isSpelledRight(word)) return null;
  const key = `${lang}:${word}`;
  if (misspelt.has(key)) return misspelt.get(key)!;
  const max = word.length >= 9 ? 2 : 1;
  const table = lang === 'de' ? GERMAN : ITALIAN;
  let best: { distance: number; english: string } | null = null;
  let tied = false;
  // A typo seldom changes the first letter; a different first letter makes another word.
  for (const { entry, distance } of wordsNear(word, TABLE_WORDS[lang], max, 'first')) {
    const english = table[entry.word]!;
    if (!best || distance < best.distance) [best, tied] = [{ distance, english }, false];
    else if (distance === best.distance && english !== best.english) tied = true;
  }
  const answer = best && !tied ? best.english : null;
  if (misspelt.size > 10_000) misspelt.clear();
  misspelt.set(key, answer);
  return answer;
}

// A translated word counts only where it differs from its English ("update", "laptop" are both).
const foreign = (table: Record<string, string>) => Object.keys(table).filter((w) => table[w] !== w);
const byWords = languageDetector({ de: foreign(GERMAN), it: foreign(ITALIAN) });

/**
 * The language of a request, from stop words and the translation tables' words. When none of them
 * tells, a word the tables know only by its stem or (German) as a compound of their words does
 * ("Passwortregeln", "adminrechte"): the language with more such words; `fallback` when none tells.
 */
export function detectLanguage(text: string, fallback: Language = 'en'): Language {
  const told = byWords(text, null);
  if (told) return told;
  let de = 0;
  let it = 0;
  for (const word of tokenize(text)) {
    if (word.length < 6 || /\d/.test(word)) continue;
    const german = translateWord(word, 'de');
    const italian = translateWord(word, 'it');
    if (german !== null && german !== word) de++;
    if (italian !== null && italian !== word) it++;
  }
  if (de > it) return 'de';
  if (it > de) return 'it';
  return fallback;
}
