import { correctSpelling, editDistance, isSpelledRight, type Vocabulary } from './spelling.ts';
import { STOP_WORDS } from '#lib/text/stop-words.ts';
import { tokenize } from '#lib/text/tokenize.ts';
import { TRANSLATIONS } from './translations.ts';
import { misspeltTranslation, translateWord } from './analysis.ts';
import { dropElisions } from '#lib/text/analyze.ts';
import type { Language } from '#lib/text/language.ts';
import { SYNONYM_GROUPS } from './index-settings.ts';

/** Tokens that carry an error code or a version: always kept, whatever their frequency. */
const isCode = (w: string) => /\d/.test(w) && w.length >= 3;
/**
 * The most numbers and codes a description contributes (its first ones): a pasted log numbers its
 * lines and stamps their times, and 60 such lines filled every term but the subject's, so
 * "OneDrive" over a sync log found an article about attachment sizes.
 */
const MAX_NUMBERS = 8;

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
 * A text's first tokens that are looked at for typos of table words and for names typed apart (each
 * can scan a word list): the subject and the start of a description say what the problem is, and a
 * pasted log must not cost a scan per word.
 */
const TYPO_TOKENS = 2 * MAX_TERMS;

/**
 * A request's words after translation, without stop words, in order (repeats kept). German and
 * Italian words the table lacks as typed are looked up by stem, (German) by a compound's parts and,
 * near the start, as a typo of a table word; Italian elisions are dropped first (l'account is
 * "account", not "laccount"). English names typed apart are joined near the start.
 */
function words(text: string, lang: Language, vocabulary?: Vocabulary): string[] {
  const all = tokenize(lang === 'it' ? dropElisions(text) : text);
  const [head, tail] = [all.slice(0, TYPO_TOKENS), all.slice(TYPO_TOKENS)];
  const translate = (w: string, typos: boolean) =>
    TRANSLATIONS[w] ?? translateWord(w, lang) ?? (typos ? misspeltTranslation(w, lang) : null) ?? w;
  return [
    ...(lang === 'en' && vocabulary ? joinSplitWords(head, vocabulary) : head).map((w) => translate(w, true)),
    ...tail.map((w) => translate(w, false)),
  ]
    .flatMap((w) => w.split(' '))
    .filter(isTelling);
}

/**
 * Names the knowledge base writes as one word, typed apart: "one drive" is OneDrive, "globel
 * protect" GlobalProtect (the spelling corrector, seeing each half alone, made "globel" "globe").
 * Two telling tokens in a row become the knowledge base's word when together they are one (7 letters
 * or more), added beside them. When one of them is neither a word of the knowledge base nor of the
 * language, and together they are a typo of one (8 letters or more, where `correctSpelling` allows
 * two edits), that word replaces both. Never a word of the language: "every day" stays two words
 * ("everyday" cost a request its right answer in the evaluation).
 */
function joinSplitWords(tokens: string[], vocabulary: Vocabulary): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const [a, b] = [tokens[i]!, tokens[i + 1]];
    out.push(a);
    if (b === undefined || !isTelling(a) || !isTelling(b) || /\d/.test(a + b)) continue;
    const joined = a + b;
    // The name before its second half: the word being typed stays last.
    if (joined.length >= 7 && vocabulary.has(joined) && !isSpelledRight(joined)) out.push(joined, b);
    else if (joined.length >= 8 && (isUnknown(a, vocabulary) || isUnknown(b, vocabulary))) {
      const fixed = correctSpelling(joined, vocabulary);
      // Both halves must be in it: "onedrive pw" is not "onedrive" (that would lose the password).
      const oneHalf = editDistance(fixed, a, 2) <= 2 || editDistance(fixed, b, 2) <= 2;
      if (fixed === joined || isSpelledRight(fixed) || oneHalf) continue;
      out[out.length - 1] = fixed;
    } else continue;
    i++;
  }
  return out;
}

const isUnknown = (word: string, vocabulary: Vocabulary) =>
  !vocabulary.has(word) && !isSpelledRight(word) && TRANSLATIONS[word] === undefined;

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
  const subjectWords = words(subject, lang, vocabulary);
  const numbers = new Set<string>();
  const firstNumbers = (w: string) => {
    if (!/\d/.test(w) || numbers.has(w)) return true;
    if (numbers.size >= MAX_NUMBERS) return false;
    numbers.add(w);
    return true;
  };
  const descriptionWords = words(description, lang, vocabulary).filter(firstNumbers);
  const full = `${subject}\n${description}`.trimEnd();
  const lastRaw = tokenize(lang === 'it' ? dropElisions(full) : full).at(-1);
  // The word being typed as the text's words read it (translated, joined), none when it tells nothing.
  const last =
    lastRaw && words(lastRaw, lang).length > 0
      ? (descriptionWords.length > 0 ? descriptionWords : subjectWords).at(-1)
      : undefined;
  // Only words that can be used are spell-checked (a pasted log must not cost a correction per word);
  // twice the cap, since corrections merge some. The word being typed last always stays in.
  const limit = MAX_TERMS * 2;
  const codes = descriptionWords.filter(isCode);
  const ranked = [...new Set([...subjectWords, ...codes, ...descriptionWords])];
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
  const engine = [...new Set([...fix(subjectWords), ...fix(codes), ...fix(descriptionWords)])].slice(0, 10);
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
