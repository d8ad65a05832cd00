import { german, italian } from 'multilingual-stemmer';
import stopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };

/**
 * Per-language analysis of German and Italian text for the suggestions' lexical ranking: the same
 * function turns an article into index tokens and a request into query tokens (decision 062).
 * English is not analysed here: SQLite's porter tokenizer does it, as before.
 */
export type AnalysedLanguage = 'de' | 'it';

const ISO = stopwords as Record<string, string[]>;
const STOP: Record<AnalysedLanguage, ReadonlySet<string>> = {
  de: new Set(ISO.de!),
  it: new Set(ISO.it!),
};

/**
 * Italian articles and prepositions that lose their vowel before a vowel (l'account, dell'utente,
 * c'è, un'app): the part before the apostrophe is dropped, as Lucene's ElisionFilter does.
 */
const ELISIONS = new Set([
  'c',
  'l',
  'all',
  'dall',
  'dell',
  'nell',
  'sull',
  'coll',
  'pell',
  'gl',
  'agl',
  'dagl',
  'degl',
  'negl',
  'sugl',
  'un',
  'm',
  't',
  's',
  'v',
  'd',
  'quest',
  'quell',
  'nessun',
]);

const APOSTROPHES = "['’\\u0060´]";
const ELIDED = new RegExp(`(?<![\\p{L}\\p{N}])(?:${[...ELISIONS].join('|')})${APOSTROPHES}(?=\\p{L})`, 'giu');

/** Italian text without its elided articles and prepositions (l'account → account, dell'utente → utente). */
export function dropElisions(text: string): string {
  return text.replace(ELIDED, '');
}

/** Words of a text with apostrophes as separators (l'account → l, account); inner - _ . kept (error codes). */
function words(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFKC')
      .match(/[\p{L}\p{M}\p{N}]+(?:[-_.][\p{L}\p{M}\p{N}]+)*['’`´]?/gu) ?? []
  );
}

const stripMarks = (w: string) => w.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');

/** ä/ae, ö/oe, ü/ue and ß/ss as one spelling: the key German words are compared by. */
export function foldGerman(word: string): string {
  return word
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .normalize('NFC');
}

/** Snowball's stem (Snowball 3, which reads ae/oe/ue as umlauts), then without accents (è/e, à/a). */
export function stemWord(word: string, lang: AnalysedLanguage): string {
  return stripMarks(lang === 'de' ? german(word) : italian(word));
}

/** Letters the parts of a German compound are joined by (Anmeldung-s-fehler, Seite-n-zahl). */
const LINKS = ['s', 'es', 'n', 'en', 'e'];
const MIN_PART = 3;

/**
 * Known German words, by their folded spelling and by their stem, for splitting compounds.
 * Fixed in code (not read from the articles), so an article is split the same at every start.
 */
export type CompoundVocabulary = { words: ReadonlySet<string>; stems: ReadonlySet<string> };

export function compoundVocabulary(list: Iterable<string>): CompoundVocabulary {
  const folded = [...list].map(foldGerman).filter((w) => w.length >= MIN_PART && /^\p{L}+$/u.test(w));
  return { words: new Set(folded), stems: new Set(folded.map((w) => stemWord(w, 'de'))) };
}

/**
 * The parts of a German compound (Druckerwarteschlange → drucker, warteschlange), or [] when the
 * word is not made of known words only. Longest known head first; a joining s/es/n/en/e may sit
 * between parts; the last part may be inflected (…schlangen). Folded spelling (ä → ae).
 */
export function splitCompound(word: string, vocabulary: CompoundVocabulary): string[] {
  const folded = foldGerman(word);
  if (folded.length < MIN_PART * 2) return [];
  const parts = splitRest(folded, vocabulary, 0);
  return parts && parts.length > 1 ? parts : [];
}

/** The shortest head a compound may be reduced to when it cannot be split whole. */
const MIN_HEAD = 5;

/**
 * The last part of a German compound that is a known word, when the whole cannot be split
 * (Sammelpostfach → postfach: a German compound names a kind of its last part). Folded; null when none.
 */
export function compoundHead(word: string, vocabulary: CompoundVocabulary): string | null {
  const folded = foldGerman(word);
  for (let start = MIN_PART; start <= folded.length - MIN_HEAD; start++) {
    const head = folded.slice(start);
    if (vocabulary.words.has(head)) return head;
  }
  return null;
}

/** A compound's parts, else its known head, else nothing: the extra tokens a German word adds. */
export function compoundParts(word: string, vocabulary: CompoundVocabulary): string[] {
  const parts = splitCompound(word, vocabulary);
  if (parts.length > 0) return parts;
  const head = compoundHead(word, vocabulary);
  return head ? [head] : [];
}

function splitRest(rest: string, vocabulary: CompoundVocabulary, depth: number): string[] | null {
  if (depth > 0 && (vocabulary.words.has(rest) || vocabulary.stems.has(stemWord(rest, 'de')))) return [rest];
  if (depth > 4) return null;
  for (let end = rest.length - MIN_PART; end >= MIN_PART; end--) {
    const head = rest.slice(0, end);
    if (!vocabulary.words.has(head)) continue;
    const tail = rest.slice(end);
    const tails = [tail, ...LINKS.filter((l) => tail.startsWith(l)).map((l) => tail.slice(l.length))];
    for (const t of tails) {
      if (t.length < MIN_PART) continue;
      const more = splitRest(t, vocabulary, depth + 1);
      if (more) return [head, ...more];
    }
  }
  return null;
}

/**
 * The index or query tokens of a German or Italian text: words without stop words and Italian
 * elisions, German compounds with their parts (or their known last part) beside them, each stemmed by Snowball and folded.
 * Words of any other script pass through lowercased (searched as typed).
 */
export function analyseText(
  text: string,
  lang: AnalysedLanguage,
  vocabulary: CompoundVocabulary = EMPTY_VOCABULARY,
): string[] {
  const out: string[] = [];
  for (const raw of words(text)) {
    const elided = /['’`´]$/.test(raw);
    const word = raw.replace(/['’`´]$/, '');
    if (lang === 'it' && elided && ELISIONS.has(word)) continue;
    if (STOP[lang].has(word) || (word.length < 2 && !/\d/.test(word))) continue;
    out.push(stemWord(word, lang));
    if (lang === 'de')
      for (const part of compoundParts(word, vocabulary))
        if (!STOP.de.has(part)) out.push(stemWord(part, 'de'));
  }
  return out;
}

const EMPTY_VOCABULARY: CompoundVocabulary = { words: new Set(), stems: new Set() };
