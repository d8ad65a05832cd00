import stopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { STOP_WORDS_EN } from './stop-words.ts';
import { tokenize } from './tokenize.ts';

export type Language = 'en' | 'de' | 'it';

const ISO = stopwords as Record<string, string[]>;
// Words English writes as often as German or Italian do, though its stop-word list leaves them out:
// "No monitors since Monday" is English, not Italian.
const ALSO_ENGLISH = ['no', 'so', 'am', 'man', 'fine', 'come', 'war', 'will', 'also', 'hat', 'bin'];
const ENGLISH = new Set([...STOP_WORDS_EN, ...ALSO_ENGLISH]);
// A word that is a function word in both German and Italian, or an English one ("die" is not; "an"
// is), points at neither: only a word that belongs to one language is evidence.
const marks = (own: string[], other: string[]) => {
  const others = new Set(other);
  return new Set(own.filter((w) => w.length > 1 && !others.has(w) && !ENGLISH.has(w)));
};
const GERMAN_MARKS = marks(ISO.de!, ISO.it!);
const ITALIAN_MARKS = marks(ISO.it!, ISO.de!);
const ENGLISH_MARKS = new Set(STOP_WORDS_EN.filter((w) => !ISO.de!.includes(w) && !ISO.it!.includes(w)));

/** Content words known to be German or Italian (the search's translation tables), beside the stop words. */
export type KnownWords = { de: Iterable<string>; it: Iterable<string> };

/**
 * The language a request is written in, counting its words that only German, only Italian or only
 * English uses (function words, plus `known` content words): German or Italian when that language's
 * count is higher than the English one, English otherwise (also for keywords no list knows, which
 * rank the same in any language). Enough to decide whether the English-only sentence encoder may
 * help; not a general language identifier.
 */
export type LanguageDetector = {
  (text: string, fallback?: Language): Language;
  /** null: no telling word, so that the caller can look further. */
  (text: string, fallback: null): Language | null;
};

export function languageDetector(known: KnownWords = { de: [], it: [] }): LanguageDetector {
  const german = new Set([...GERMAN_MARKS, ...known.de]);
  const italian = new Set([...ITALIAN_MARKS, ...known.it]);
  // `fallback` (the person's own language) decides a text with no telling word ("Outlook VPN").
  const detect = (text: string, fallback: Language | null = 'en'): Language | null => {
    let en = 0;
    let de = 0;
    let it = 0;
    for (const word of tokenize(text)) {
      if (ENGLISH_MARKS.has(word)) en++;
      if (german.has(word)) de++;
      if (italian.has(word)) it++;
    }
    if (en + de + it === 0) return fallback;
    if (de > en && de >= it) return 'de';
    if (it > en && it > de) return 'it';
    return 'en';
  };
  // The overloads say what `detect` does: a Language whenever the fallback is one.
  return detect as LanguageDetector;
}
