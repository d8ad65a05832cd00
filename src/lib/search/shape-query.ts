import stopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { correctSpelling, type Vocabulary } from './spelling.ts';
import { STOP_WORDS_EN } from './stop-words.ts';
import { TRANSLATIONS } from './translations.ts';

// English: our short list (see stop-words.ts). German and Italian: stopwords-iso, whose lists for
// those languages keep the words that matter here (checked: Drucker, Passwort, Netzwerk, stampante…).
const STOP = new Set([...STOP_WORDS_EN, ...(stopwords as Record<string, string[]>).de!, ...(stopwords as Record<string, string[]>).it!]);

/** Words of a request: lowercased, split on anything that is not a letter, digit or an inner - _ . (error codes). */
export function tokenize(text: string): string[] {
  return (text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+(?:[-_.'’][\p{L}\p{N}]+)*/gu) ?? []).map((w) => w.replace(/['’]/g, ''));
}

/** Tokens that carry an error code or a version: always kept, whatever their frequency. */
const isCode = (w: string) => /\d/.test(w) && w.length >= 3;

export type ShapedQuery = {
  /** The telling words in order of appearance, translated to English, spelling corrected, no stop words, no repeats. */
  terms: string[];
  /** True when the text ends inside the last term (no space after it): it may still be half typed. */
  lastTermOpen: boolean;
  /** At most 10 words for Meilisearch (it reads only the first 10): the subject first, then codes, then the rest. */
  engineQuery: string;
};

/**
 * Turns what an employee typed (a subject and often a long description) into queries for the two
 * rankings. Meilisearch reads only the first 10 words, so the words that say the most go first.
 */
export function shapeQuery(subject: string, description = '', vocabulary?: Vocabulary): ShapedQuery {
  const pick = (text: string) =>
    tokenize(text)
      .flatMap((w) => (TRANSLATIONS[w] ?? w).split(' '))
      .filter((w) => !STOP.has(w) && (w.length > 1 || /\d/.test(w)))
      .map((w) => (vocabulary ? correctSpelling(w, vocabulary) : w))
      .filter((w) => !STOP.has(w));
  const subjectTerms = pick(subject);
  const descriptionTerms = pick(description);
  const terms = [...new Set([...subjectTerms, ...descriptionTerms])];
  const codes = descriptionTerms.filter(isCode);
  const engine = [...new Set([...subjectTerms, ...codes, ...descriptionTerms])].slice(0, 10);
  const full = `${subject}\n${description}`.trimEnd();
  const lastTyped = tokenize(full).at(-1);
  const lastTermOpen = Boolean(lastTyped && /[\p{L}\p{N}]$/u.test(full) && terms.at(-1) === (vocabulary ? correctSpelling(TRANSLATIONS[lastTyped] ?? lastTyped, vocabulary) : (TRANSLATIONS[lastTyped] ?? lastTyped)));
  return { terms, lastTermOpen, engineQuery: engine.join(' ') };
}
