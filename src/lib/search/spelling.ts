import type { Article } from '#lib/content/load.ts';
import { tokenize } from '#lib/text/tokenize.ts';
import { remember } from '#lib/config/remember.ts';
import { ENGLISH_WORDS } from '#lib/text/english-words.ts';
import { TRANSLATIONS } from './translations.ts';

/** Words of the knowledge base with how many articles use them: what a typo is corrected towards. */
export type Vocabulary = Map<string, number>;

// Shared by both copies of this module (the start script's and the server bundle's), so the start
// builds it once for the server: tokenizing 10,000 articles takes about 2 s.
const cache = remember('search.vocabulary', () => new WeakMap<Article[], Vocabulary>());

const wordsOf = (a: Article) => new Set(tokenize(`${a.title} ${a.tags.join(' ')} ${a.summary} ${a.text}`));

export function buildVocabulary(articles: Article[]): Vocabulary {
  let vocab = cache.get(articles);
  if (vocab) return vocab;
  vocab = new Map();
  for (const a of articles) {
    for (const word of wordsOf(a)) vocab.set(word, (vocab.get(word) ?? 0) + 1);
  }
  cache.set(articles, vocab);
  return vocab;
}

/**
 * The vocabulary of a reloaded knowledge base from the previous one: only the articles that left or
 * arrived are tokenized (tokenizing 10,000 articles again took seconds after every edit).
 */
export function carryVocabulary(from: Article[], to: Article[], removed: Article[], added: Article[]): void {
  const previous = cache.get(from);
  if (!previous || cache.has(to)) return;
  const vocab = new Map(previous);
  for (const a of removed) {
    for (const word of wordsOf(a)) {
      const left = (vocab.get(word) ?? 1) - 1;
      if (left > 0) vocab.set(word, left);
      else vocab.delete(word);
    }
  }
  for (const a of added) {
    for (const word of wordsOf(a)) vocab.set(word, (vocab.get(word) ?? 0) + 1);
  }
  cache.set(to, vocab);
}

/** The distance table of `editDistance`, reused: allocating one per word compared made most of its cost. */
let table = new Int32Array(1024);

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  if (table.length < (a.length + 1) * width) table = new Int32Array((a.length + 1) * width * 2);
  const d = table;
  for (let j = 0; j <= b.length; j++) d[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = i * width;
    d[row] = i;
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[row - width + j]! + 1, d[row + j - 1]! + 1, d[row - width + j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[row - 2 * width + j - 2]! + 1);
      d[row + j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
  }
  return d[a.length * width + b.length]!;
}

/** The English the translation tables give: a German or Italian word translated is spelled right. */
const TRANSLATED = new Set(Object.values(TRANSLATIONS).flatMap((english) => english.split(' ')));

/**
 * A word of the language, not a typo, though the knowledge base never uses it. Corrected towards the
 * nearest word of the knowledge base, "heating" became "hearing", "blinds" "blinks", "lift" "list",
 * so a request about the office heating matched articles about hearing and lost the words that tell
 * it is not about IT (issue 14, session 19; decision 016).
 */
export const isSpelledRight = (term: string) => ENGLISH_WORDS.has(term) || TRANSLATED.has(term);

/**
 * The knowledge-base word a misspelt term most likely meant ("scren" → "screen"), or the term itself
 * when the knowledge base knows it, it is a word of the language (isSpelledRight), it is too short
 * to judge (under 4 letters), a code, or has no close match. One edit is allowed up to 7 letters,
 * two from 8; ties go to the word more articles use.
 */
export function correctSpelling(term: string, vocab: Vocabulary): string {
  if (term.length < 4 || vocab.has(term) || /\d/.test(term) || isSpelledRight(term)) return term;
  // As-you-type requests repeat the same words on every keystroke: remember each answer (bounded).
  let memo = corrections.get(vocab);
  if (!memo || memo.size > 10_000) corrections.set(vocab, (memo = new Map()));
  let answer = memo.get(term);
  if (answer === undefined) memo.set(term, (answer = closestWord(term, vocab)));
  return answer;
}

const corrections = remember('search.corrections', () => new WeakMap<Vocabulary, Map<string, string>>());

/** A vocabulary word with how many articles use it and its place in the vocabulary. */
export type Entry = { word: string; df: number; order: number };

/**
 * Which words a typo is compared with: every word of a near length, or only those that keep the
 * letter it starts with, or that keep its first or its second letter (a term of two letters or more;
 * the callers correct terms of four and six letters and up).
 */
export type SameLetters = 'any' | 'first' | 'first or second';

/**
 * The vocabulary's words by length ("7"), and by length and the first or second letter ("7:0s",
 * "7:1c"), built once per vocabulary. Scanning a whole length to skip most of its words by their first
 * letters took a tenth of a web worker's time when employees typed flat out on 10,000 articles.
 */
const buckets = remember('search.vocabularyBuckets', () => new WeakMap<Vocabulary, Map<string, Entry[]>>());

function bucketsOf(vocab: Vocabulary): Map<string, Entry[]> {
  let index = buckets.get(vocab);
  if (index) return index;
  index = new Map();
  const add = (key: string, entry: Entry) => {
    const bucket = index!.get(key);
    if (bucket) bucket.push(entry);
    else index!.set(key, [entry]);
  };
  let order = 0;
  for (const [word, df] of vocab) {
    const entry = { word, df, order: order++ };
    // A code (an error number, a model, "wpa2") is not what a word was misspelt from, as a term with a
    // digit is not corrected (a generated knowledge base of 10,000 articles has one in each).
    if (/\d/.test(word)) continue;
    add(`${word.length}`, entry);
    add(`${word.length}:0${word[0]}`, entry);
    if (word.length > 1) add(`${word.length}:1${word[1]}`, entry);
  }
  buckets.set(vocab, index);
  return index;
}

/**
 * The vocabulary's words within `max` edits of `term` that keep the letters `same` asks for, with their
 * distance: only words within `max` letters of its length can be.
 */
export function wordsNear(
  term: string,
  vocab: Vocabulary,
  max: number,
  same: SameLetters,
): Array<{ entry: Entry; distance: number }> {
  const index = bucketsOf(vocab);
  const near: Array<{ entry: Entry; distance: number }> = [];
  const compare = (key: string, skip?: (word: string) => boolean) => {
    for (const entry of index.get(key) ?? []) {
      if (skip?.(entry.word)) continue;
      const distance = editDistance(term, entry.word, max);
      if (distance <= max) near.push({ entry, distance });
    }
  };
  for (let length = term.length - max; length <= term.length + max; length++) {
    if (same === 'any') {
      compare(`${length}`);
      continue;
    }
    compare(`${length}:0${term[0]}`);
    // Those that keep the first letter too were compared already.
    if (same === 'first or second') compare(`${length}:1${term[1]}`, (word) => word[0] === term[0]);
  }
  return near;
}

function closestWord(term: string, vocab: Vocabulary): string {
  const max = term.length >= 8 ? 2 : 1;
  let best: Entry | undefined;
  let bestScore = Infinity;
  // Within one edit, the first or the second letter is as typed.
  for (const { entry, distance } of wordsNear(term, vocab, max, max > 1 ? 'any' : 'first or second')) {
    const score = distance * 1000 - entry.df;
    // Ties go to the word met first in the vocabulary, as when it was scanned in order.
    if (score < bestScore || (score === bestScore && entry.order < best!.order)) {
      bestScore = score;
      best = entry;
    }
  }
  return best?.word ?? term;
}
