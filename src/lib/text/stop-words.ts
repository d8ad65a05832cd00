import stopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };

/**
 * Function words that say nothing about an IT problem. Deliberately short: the general-purpose lists
 * (stopwords-iso's English list has 1,298 entries) also drop words that matter at a help desk, such as
 * "home", "computer", "open", "turn", "line", "page", "system" and "new".
 */
export const STOP_WORDS_EN = [
  'a', 'about', 'above', 'after', 'again', 'against', 'all', 'also', 'am', 'an', 'and', 'any', 'are', 'as', 'at',
  'be', 'because', 'been', 'before', 'being', 'below', 'between', 'both', 'but', 'by',
  'can', 'could', 'did', 'do', 'does', 'doing', 'during', 'each', 'even', 'ever', 'few', 'for', 'from', 'further',
  'get', 'gets', 'getting', 'got', 'had', 'has', 'have', 'having', 'he', 'her', 'here', 'hers', 'herself', 'him',
  'himself', 'his', 'how', 'i', 'if', 'in', 'into', 'is', 'it', 'its', 'itself', 'just', 'me', 'might', 'more',
  'most', 'must', 'my', 'myself', 'of', 'on', 'once', 'only', 'or', 'other', 'our', 'ours', 'ourselves', 'out',
  'over', 'own', 'please', 'same', 'she', 'should', 'so', 'some', 'such', 'than', 'that', 'the', 'their',
  'theirs', 'them', 'themselves', 'then', 'there', 'these', 'they', 'this', 'those', 'through', 'to', 'too',
  'under', 'until', 'up', 'us', 'very', 'was', 'we', 'were', 'what', 'when', 'where', 'which', 'while', 'who',
  'whom', 'why', 'will', 'with', 'would', 'you', 'your', 'yours', 'yourself', 'yourselves',
  'hi', 'hello', 'thanks', 'thank', 'regards', 'anyone', 'someone', 'something', 'somehow', 'really', 'still',
];

const ISO = stopwords as Record<string, string[]>;

/**
 * Stop words of the desk's three languages. English: the short list above. German and Italian:
 * stopwords-iso, whose lists for those languages keep the words that matter here (checked: Drucker,
 * Passwort, Netzwerk, stampante…).
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([...STOP_WORDS_EN, ...ISO.de!, ...ISO.it!]);
