import { correctSpelling, type Vocabulary } from './spelling.ts';
import { STOP_WORDS } from '#lib/text/stop-words.ts';
import { tokenize } from '#lib/text/tokenize.ts';
import { TRANSLATIONS } from './translations.ts';
import { translateWord } from './analysis.ts';
import { dropElisions } from '#lib/text/analyze.ts';
import type { Language } from '#lib/text/language.ts';
import { SYNONYM_GROUPS } from './index-settings.ts';

/** Tokens that carry an error code or a version: always kept, whatever their frequency. */
const isCode = (w: string) => /\d/.test(w) && w.length >= 3;

export type ShapedQuery = {
  /** The telling words in order of appearance, translated to English, spelling corrected, no stop words, no repeats. */
  terms: string[];
  /** How much each term counts in bm25 (same order): SUBJECT_WEIGHT for the subject's words under a description, else 1. */
  weights: number[];
  /** True when the text ends inside the last term (no space after it): it may still be half typed. */
  lastTermOpen: boolean;
  /** At most 10 words for Meilisearch (it reads only the first 10): the subject first, then codes, then the rest. */
  engineQuery: string;
  /** Other words for an English request's terms (SYNONYM_GROUPS), not among them: bm25 adds them at SYNONYM_WEIGHT. */
  expansions: string[];
};

const SYNONYMS_OF: Map<string, string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const group of SYNONYM_GROUPS)
    for (const word of group)
      if (!word.includes(' ') && !word.includes('-'))
        map.set(word, [...new Set([...(map.get(word) ?? []), ...group.filter((w) => w !== word)])]);
  return map;
})();

/** The other words for `terms` that employees and articles use for the same thing (no repeats, none of the terms). */
export function synonymsOf(terms: string[]): string[] {
  const have = new Set(terms);
  return [...new Set(terms.flatMap((t) => SYNONYMS_OF.get(t) ?? []))].filter((w) => !have.has(w));
}

/**
 * A subject names the problem; a description under it tells a story with many incidental words
 * ("…then a password box pops up…"). Measured with `npm run eval:search` (form: subject + description).
 */
export const SUBJECT_WEIGHT = 2;

/** Most words a request contributes to the rankings (BM25 ORs them; more only adds noise and time). */
export const MAX_TERMS = 32;

const isTelling = (w: string) => !STOP_WORDS.has(w) && (w.length > 1 || /\d/.test(w));

/**
 * A request's words after translation, without stop words, in order (repeats kept). German and
 * Italian words the table lacks as typed are looked up by stem and (German) by a compound's parts;
 * Italian elisions are dropped first (l'account is "account", not "laccount").
 */
function words(text: string, lang: Language): string[] {
  return tokenize(lang === 'it' ? dropElisions(text) : text)
    .flatMap((w) => (TRANSLATIONS[w] ?? translateWord(w, lang) ?? w).split(' '))
    .filter(isTelling);
}

/**
 * Turns what an employee typed (a subject and often a long description) into queries for the two
 * rankings. Meilisearch reads only the first 10 words, so the words that say the most go first.
 */
export function shapeQuery(
  subject: string,
  description = '',
  vocabulary?: Vocabulary,
  lang: Language = 'en',
): ShapedQuery {
  const subjectWords = words(subject, lang);
  const descriptionWords = words(description, lang);
  const full = `${subject}\n${description}`.trimEnd();
  const lastRaw = tokenize(lang === 'it' ? dropElisions(full) : full).at(-1);
  const last = lastRaw ? words(lastRaw, lang).at(-1) : undefined;
  // Only words that can be used are spell-checked (a pasted log must not cost a correction per word);
  // twice the cap, since corrections merge some. The word being typed last always stays in.
  const limit = MAX_TERMS * 2;
  const ranked = [...new Set([...subjectWords, ...descriptionWords.filter(isCode), ...descriptionWords])];
  const candidates =
    ranked.length <= limit || !last
      ? ranked.slice(0, limit)
      : [...ranked.filter((w) => w !== last).slice(0, limit - 1), last];
  const corrected = new Map(candidates.map((w) => [w, vocabulary ? correctSpelling(w, vocabulary) : w]));
  const fix = (list: string[]) => list.flatMap((w) => corrected.get(w) ?? []).filter(isTelling);
  const all = [...new Set(fix(candidates))];
  const typing = last !== undefined ? corrected.get(last) : undefined;
  const terms =
    all.length <= MAX_TERMS || !typing
      ? all.slice(0, MAX_TERMS)
      : [...all.filter((w) => w !== typing).slice(0, MAX_TERMS - 1), typing];
  const engine = [
    ...new Set([...fix(subjectWords), ...fix(descriptionWords.filter(isCode)), ...fix(descriptionWords)]),
  ].slice(0, 10);
  // Still being typed: the text ends inside a word, and that word is the last term.
  const lastTermOpen =
    /[\p{L}\p{N}]$/u.test(full) && last !== undefined && corrected.get(last) === terms.at(-1);
  // Only when there is a description: a subject alone is the whole request.
  const fromSubject = new Set(descriptionWords.length > 0 ? fix(subjectWords) : []);
  const weights = terms.map((t) => (fromSubject.has(t) ? SUBJECT_WEIGHT : 1));
  return {
    terms,
    weights,
    lastTermOpen,
    engineQuery: engine.join(' '),
    // The word being typed is left out: half a word names no synonym yet. English only: German and
    // Italian words arrive translated, and their synonyms cost German recall@5 0.957 → 0.906.
    expansions: lang === 'en' ? synonymsOf(lastTermOpen ? terms.slice(0, -1) : terms) : [],
  };
}
