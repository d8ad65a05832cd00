import stopwords from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };

export type ScrubKind =
  'name' | 'email' | 'phone' | 'ip' | 'mac' | 'host' | 'asset' | 'ticket' | 'address' | 'url' | 'username';
export type Removal = { kind: ScrubKind; value: string; replacement: string };
export type ScrubContext = {
  /** Display names of the people on the ticket (requester, agents): "Anna Müller", "José García-Núñez". */
  names?: string[];
  /** E-mail addresses of those people (their local parts are also personal: "anna.mueller"). */
  emails?: string[];
};

/** Placeholders that still read as a sentence in a public FAQ ("Restart [computer name] and …"). */
const PLACEHOLDERS: Record<ScrubKind, string> = {
  name: '[name]',
  email: '[email address]',
  phone: '[phone number]',
  ip: '[IP address]',
  mac: '[MAC address]',
  host: '[computer name]',
  asset: '[asset tag]',
  ticket: '[ticket]',
  address: '[address]',
  url: '[link]',
  username: '[username]',
};
const SERIAL_PLACEHOLDER = '[serial number]';

// How it works: detectors run one after another over the same (NFC) text, each proposing spans; a span that
// overlaps one taken by an earlier detector is dropped. The order therefore encodes priority: a URL is one
// [link] rather than a host plus a name, an e-mail is one address rather than a username and a domain.
// Linear time: each pattern starts with a one-character lookbehind, so it can only begin at a token boundary (a
// rejected match is retried one character later and fails there at once), and its repetitions are separated by
// characters they cannot consume, so the engine never has two ways to split the same run. 20,000 characters: ~5 ms.

type Span = { start: number; end: number; kind: ScrubKind | null; replacement: string };
/** A detector's verdict on one match: spans to take ([] passes over the match), or null to retry one character later. */
type Verdict = Span[] | null;

const take = (start: number, end: number, kind: ScrubKind, replacement = PLACEHOLDERS[kind]): Span => ({
  start,
  end,
  kind,
  replacement,
});
const keep = (start: number, end: number): Span => ({ start, end, kind: null, replacement: '' });

/** Removes personal data from ticket text; returns the cleaned text and what was removed (deduplicated, in order of first appearance). */
export function scrubPersonalData(
  text: string,
  context: ScrubContext = {},
): { text: string; removals: Removal[] } {
  // Names typed on a Mac or pasted from a PDF may arrive decomposed ("u" + U+0308); compare and cut one form only.
  const source = text.normalize('NFC');
  const people = indexPeople(context);
  const claims = createClaims();
  const run = (pattern: RegExp, judge: (m: RegExpExecArray) => Verdict) =>
    scan(source, pattern, judge, claims);

  run(PLACEHOLDER_RE, (m) => [keep(m.index, m.index + m[0].length)]);
  run(SITE_LINK_RE, (m) => [keep(m.index, m.index + m[0].length)]);
  run(URL_RE, judgeUrl);
  run(EMAIL_RE, (m) => [take(m.index, m.index + m[0].length, 'email')]);
  run(UNC_RE, judgeUnc);
  run(PROFILE_PATH_RE, judgeProfilePath);
  run(DOMAIN_USER_RE, judgeDomainUser);
  run(HOST_RE, judgeHost);
  run(MAC_RE, (m) =>
    m[0].includes('.') && !/[a-f]/i.test(m[0]) ? [] : [take(m.index, m.index + m[0].length, 'mac')],
  );
  run(IPV6_RE, (m) => (isIpv6(m[0]) ? [take(m.index, m.index + m[0].length, 'ip')] : null));
  run(IPV4_RE, (m) => judgeIpv4(source, m));
  run(TICKET_ID_RE, (m) => [take(m.index, m.index + m[0].length, 'ticket')]);
  run(TICKET_PHRASE_RE, judgeTicketPhrase);
  run(ASSET_CUE_RE, (m) => judgeLabelled(m, 'asset', PLACEHOLDERS.asset, 4));
  run(SERIAL_CUE_RE, (m) => judgeLabelled(m, 'asset', SERIAL_PLACEHOLDER, 5));
  run(ASSET_TAG_RE, (m) => [take(m.index, m.index + m[0].length, 'asset')]);
  run(MACHINE_RE, (m) =>
    /^(?:LAPTOP|DESKTOP|NOTEBOOK)-/.test(m[0]) || /\d/.test(m[0])
      ? [take(m.index, m.index + m[0].length, 'host')]
      : [],
  );
  for (const pattern of ADDRESS_RES) run(pattern, judgeAddress);
  run(PHONE_INTERNATIONAL_RE, (m) =>
    isInternationalPhone(m[0]) ? [take(m.index, m.index + m[0].length, 'phone')] : null,
  );
  run(PHONE_NATIONAL_RE, (m) =>
    isNationalPhone(m[0]) ? [take(m.index, m.index + m[0].length, 'phone')] : null,
  );
  run(PHONE_EXTENSION_RE, (m) => [take(m.index, m.index + m[0].length, 'phone')]);
  run(USERNAME_CUE_RE, judgeUsernameCue);
  if (people.usernames) run(people.usernames, (m) => [take(m.index, m.index + m[0].length, 'username')]);
  const discovered = new Set<string>();
  run(SALUTATION_RE, (m) => judgeSalutation(source, m, discovered));
  run(NAME_TOKEN_RE, (m) => judgeNameToken(m, people.nameKeys, discovered));
  if (people.scriptNames) run(people.scriptNames, (m) => [take(m.index, m.index + m[0].length, 'name')]);

  return assemble(
    source,
    mergeAdjacentNames(
      source,
      claims.spans.filter((s) => s.kind !== null),
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Spans

type Claims = { spans: Span[]; take(span: Span): boolean };

function createClaims(): Claims {
  const spans: Span[] = [];
  return {
    spans,
    take(span) {
      let lo = 0;
      let hi = spans.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (spans[mid]!.start < span.start) lo = mid + 1;
        else hi = mid;
      }
      const before = spans[lo - 1];
      const after = spans[lo];
      if ((before && before.end > span.start) || (after && after.start < span.end) || span.end <= span.start)
        return false;
      spans.splice(lo, 0, span);
      return true;
    },
  };
}

function scan(text: string, pattern: RegExp, judge: (m: RegExpExecArray) => Verdict, claims: Claims): void {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const verdict = judge(m);
    if (verdict === null) pattern.lastIndex = m.index + 1;
    else for (const span of verdict) claims.take(span);
    if (m[0].length === 0) pattern.lastIndex = Math.max(pattern.lastIndex, m.index + 1);
  }
}

/** "Anna" + " " + "Müller" and "García" + "-" + "Núñez" become one [name], so the FAQ does not read "[name] [name]". */
function mergeAdjacentNames(text: string, spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (
      last &&
      last.kind === 'name' &&
      span.kind === 'name' &&
      /^(?:[ \t\u00A0\u3000]+|-|)$/u.test(text.slice(last.end, span.start))
    )
      last.end = span.end;
    else merged.push({ ...span });
  }
  return merged;
}

function assemble(text: string, spans: Span[]): { text: string; removals: Removal[] } {
  const parts: string[] = [];
  const removals: Removal[] = [];
  const seen = new Set<string>();
  let at = 0;
  for (const span of spans) {
    parts.push(text.slice(at, span.start), span.replacement);
    at = span.end;
    const value = text.slice(span.start, span.end);
    const key = `${span.kind}\u0000${value}`;
    if (!seen.has(key)) {
      seen.add(key);
      removals.push({ kind: span.kind!, value, replacement: span.replacement });
    }
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), removals };
}

// ---------------------------------------------------------------------------------------------------------
// Words

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A literal that matches in any letter case, without the `i` flag (which would make \p{Lu} match lowercase too). */
const caseless = (s: string) =>
  [...s]
    .map((c) => {
      if (c === ' ') return '[ \\t]+';
      const lower = c.toLowerCase();
      const upper = c.toUpperCase();
      return lower !== upper && [...upper].length === 1 ? `[${lower}${upper}]` : escapeRegExp(c);
    })
    .join('');

const FOLD: Record<string, string> = {
  ß: 'ss',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
  '’': "'",
};
const GERMAN: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ø: 'oe', å: 'aa' };

/** Lowercase ASCII-ish skeleton: Müller → muller, Søren → soren, Łukasz → lukasz (NFD strips accents; ø, ł, ß do not decompose). */
function foldWord(word: string): string {
  const lower = word.toLowerCase();
  // Most words of a ticket are plain ASCII; normalising each of them would dominate the run time.
  if (/^[a-z']*$/.test(lower)) return lower;
  return lower
    .replace(/[ßøæœłđðþı’]/gu, (c) => FOLD[c] ?? c)
    .normalize('NFD')
    .replace(/\p{M}/gu, '');
}

/** Every spelling of one name part we expect in a ticket: Müller → müller/muller/mueller; Mueller → also muller. */
function nameKeys(part: string): string[] {
  const lower = part.normalize('NFC').toLowerCase();
  const plain = foldWord(lower);
  const keys = new Set([plain, foldWord(lower.replace(/[äöüøå]/gu, (c) => GERMAN[c] ?? c))]);
  // A name given as "Mueller" is also typed "Müller"; only for longer names, so "Jae" does not start matching "ja".
  const collapsed = plain.replace(/([aou])e/gu, '$1');
  if (!/[äöüøå]/u.test(lower) && collapsed !== plain && collapsed.length >= 4) keys.add(collapsed);
  return [...keys];
}

const STOP = stopwords as Record<string, string[]>;
// Capitalised words that follow "Hi" or "Thanks," without being anyone's name, and words after "username" that are no username.
const HELP_DESK_WORDS = [
  'team',
  'teams',
  'support',
  'helpdesk',
  'service',
  'desk',
  'customer',
  'customers',
  'colleague',
  'colleagues',
  'everyone',
  'everybody',
  'all',
  'folks',
  'guys',
  'there',
  'sir',
  'madam',
  'kollegen',
  'kolleginnen',
  'zusammen',
  'tutti',
  'ragazzi',
  'admin',
  'administrator',
  'administrators',
  'root',
  'guest',
  'local',
  'domain',
  'field',
  'prompt',
  'password',
  'passwort',
  'login',
  'logon',
  'account',
  'user',
  'users',
  'required',
  'incorrect',
  'wrong',
  'invalid',
  'expired',
  'locked',
  'format',
  'changed',
  'unknown',
  'printer',
  'drucker',
  'stampante',
  'laptop',
  'computer',
  'server',
  'update',
  'restart',
  'reboot',
  'issue',
  'problem',
  'ticket',
  'outlook',
  'microsoft',
  'windows',
  'office',
  'excel',
  'word',
  'powerpoint',
  'onedrive',
  'sharepoint',
  'vpn',
  'wifi',
  'wi-fi',
  'wlan',
  'globalprotect',
  'zoom',
  'webex',
  'slack',
  'google',
  'chrome',
  'firefox',
  'edge',
  'safari',
  'apple',
  'mac',
  'macos',
  'iphone',
  'ipad',
  'android',
  'linux',
  'it',
  'fixpoint',
  'system',
  'network',
  'internet',
  'email',
  'e-mail',
  'mail',
  'arbeitsplatz',
  'regards',
  'wishes',
  'grüße',
  'grüsse',
  'gruß',
  'gruss',
  'saluti',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
// Common first names that stopwords-iso lists as Italian or English function words ("mia", "otto", "sara").
const NAME_EXCEPTIONS = new Set(['sara', 'otto', 'mia', 'ben', 'don']);
const COMMON_WORDS = new Set(
  [...STOP.en!, ...STOP.de!, ...STOP.it!, ...HELP_DESK_WORDS]
    .map(foldWord)
    .filter((w) => !NAME_EXCEPTIONS.has(w)),
);
// First names that are also everyday words: a lowercase "will", "mark" or "grant" in the text is the word, not the person.
const NAME_WORDS = new Set([
  ...COMMON_WORDS,
  'mark',
  'grant',
  'rose',
  'joy',
  'hope',
  'faith',
  'summer',
  'dawn',
  'bill',
  'frank',
  'guy',
  'pat',
  'sue',
  'ray',
  'max',
  'art',
  'chase',
  'page',
  'lane',
  'wade',
  'drew',
  'gene',
  'rich',
  'sky',
  'storm',
  'win',
  'miles',
  'penny',
  'ruby',
  'amber',
  'crystal',
  'pearl',
  'violet',
  'ivy',
  'holly',
  'sunny',
  'rusty',
  'ben',
  'don',
  'sara',
  'mia',
  'otto',
]);
const PARTICLES = new Set([
  'de',
  'del',
  'della',
  'der',
  'den',
  'di',
  'da',
  'das',
  'do',
  'dos',
  'du',
  'la',
  'le',
  'les',
  'van',
  'von',
  'vom',
  'zu',
  'zum',
  'y',
  'e',
  'i',
  'ten',
  'ter',
  'af',
  'av',
  'al',
  'el',
  'bin',
  'ibn',
  'dr',
  'prof',
  'mr',
  'mrs',
  'ms',
  'mx',
  'herr',
  'frau',
  'sig',
  'dott',
  'ing',
]);
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

// ---------------------------------------------------------------------------------------------------------
// The people on the ticket

type People = { nameKeys: Map<string, boolean>; usernames: RegExp | null; scriptNames: RegExp | null };

/** Name spellings (key → "is also a common word") plus patterns for e-mail local parts and for names written without spaces. */
function indexPeople(context: ScrubContext): People {
  const keys = new Map<string, boolean>();
  const script = new Set<string>();
  const usernames = new Set<string>();
  const partKeys = new Set<string>();

  for (const fullName of context.names ?? []) {
    const words = fullName
      .normalize('NFC')
      .trim()
      .split(/[\s,]+/u)
      .filter(Boolean);
    const latin: string[][] = [];
    if (words.some((w) => CJK.test(w))) {
      // CJK text has no spaces between words, so these names are found as substrings ("王小明说…").
      script.add(words.map(escapeRegExp).join('[\\s\\u3000]*'));
      for (const w of words) if ([...w].length >= 2) script.add(escapeRegExp(w));
      if (words.length === 1) {
        // One unspaced Han name: 3 characters are mostly surname + given name (王 小明), 4 mostly two + two (山田 太郎).
        const chars = [...words[0]!];
        if (chars.length === 3) script.add(chars.slice(1).join(''));
        if (chars.length === 4) script.add(chars.slice(0, 2).join('')).add(chars.slice(2).join(''));
      }
    }
    for (const word of words) {
      if (CJK.test(word)) continue;
      // "García-Núñez" → García, Núñez; "J." and "(IT)" leave nothing or letters only.
      const pieces = word
        .split(/[^\p{L}\p{M}'’]+/u)
        .filter((p) => [...p].length >= 2 && !PARTICLES.has(foldWord(p)));
      // O'Brien is looked up whole and as Brien; García-Núñez as García and Núñez (the hyphen is merged back later).
      const lookups = new Set([
        ...pieces,
        ...pieces.flatMap((p) => p.split(/['’]/u).filter((q) => [...q].length >= 2)),
      ]);
      for (const piece of lookups)
        for (const key of nameKeys(piece)) {
          keys.set(key, NAME_WORDS.has(key));
          partKeys.add(key);
        }
      if (pieces.length > 0) latin.push(pieces.map((p) => p.toLowerCase()));
    }
    // Usernames built from the name the way directories do: amueller, anna.mueller, anna_mueller, muellera.
    if (latin.length >= 2) {
      for (const first of spellings(latin[0]!.join('-')))
        for (const last of spellings(latin[latin.length - 1]!.join('-'))) {
          for (const candidate of [
            `${first[0]}${last}`,
            `${first}.${last}`,
            `${first}_${last}`,
            `${first}${last}`,
            `${last}.${first}`,
            `${last}${first[0]}`,
          ]) {
            if (candidate.length >= 4) usernames.add(candidate);
          }
        }
    }
  }
  for (const email of context.emails ?? []) {
    const local = email.normalize('NFC').trim().toLowerCase().split('@')[0] ?? '';
    // A local part that is just a first name ("anna@") is left to the name rule, so "Hi Anna" reads [name].
    if ([...local].length >= 3 && !partKeys.has(foldWord(local))) usernames.add(local);
  }

  return {
    nameKeys: keys,
    usernames:
      usernames.size > 0
        ? new RegExp(
            `(?<![\\p{L}\\p{N}._%+\\-])(?:${alternation([...usernames].map(escapeRegExp))})(?![\\p{L}\\p{N}_%+\\-@]|\\.[\\p{L}\\p{N}])`,
            'giu',
          )
        : null,
    scriptNames: script.size > 0 ? new RegExp(alternation([...script]), 'gu') : null,
  };
}

/** ASCII spellings of a name part as usernames carry it: müller → muller, mueller. */
const spellings = (part: string) =>
  [...new Set([foldWord(part), foldWord(part.replace(/[äöüøå]/gu, (c) => GERMAN[c] ?? c))])]
    .filter((s) => /^[a-z'-]+$/.test(s))
    .map((s) => s.replace(/['-]/g, ''));

/** Longest first, so a full name wins over its parts at the same position. */
const alternation = (patterns: string[]) => [...patterns].sort((a, b) => b.length - a.length).join('|');

// ---------------------------------------------------------------------------------------------------------
// Already safe text

const PLACEHOLDER_RE = new RegExp(
  [...Object.values(PLACEHOLDERS), SERIAL_PLACEHOLDER].map(escapeRegExp).join('|'),
  'g',
);
/** Links into our own knowledge base: "/kb/mark-as-spam" must survive a requester called Mark. */
const SITE_LINK_RE = /(?<![\p{L}\p{N}.])\/(?:kb|faq)\/[\p{L}\p{N}_-]+(?:#[\p{L}\p{N}_-]+)?/gu;

// ---------------------------------------------------------------------------------------------------------
// Links, hosts, addresses on the network

const INTERNAL_TLDS = new Set([
  'corp',
  'local',
  'lan',
  'internal',
  'intra',
  'intranet',
  'localdomain',
  'home',
  'private',
  'priv',
]);
// Top-level domains that make "a.b.xx" a host name and not "System.Net.Http" or "setup.exe.config".
const PUBLIC_TLDS = new Set(
  (
    'com net org edu gov mil int io co ai app dev cloud info biz me tv xyz online site tech eu de ch at it pl es fr uk nl be se no ' +
    'dk fi is ie pt cz sk hu ro bg gr hr si rs ru ua tr us ca mx br ar cl au nz jp cn kr in sg hk tw za li lu ee lv lt'
  ).split(' '),
);
// Vendors whose documentation agents link to. Tenant-specific hosts (acme.sharepoint.com, acme.okta.com) are deliberately absent.
const PUBLIC_DOMAINS = [
  'microsoft.com',
  'office.com',
  'office365.com',
  'microsoftonline.com',
  'live.com',
  'outlook.com',
  'windows.com',
  'windowsupdate.com',
  'azure.com',
  'bing.com',
  'skype.com',
  'google.com',
  'gmail.com',
  'youtube.com',
  'apple.com',
  'icloud.com',
  'zoom.us',
  'github.com',
  'githubusercontent.com',
  'gitlab.com',
  'atlassian.com',
  'dropbox.com',
  'adobe.com',
  'mozilla.org',
  'firefox.com',
  'wikipedia.org',
  'cisco.com',
  'webex.com',
  'paloaltonetworks.com',
  'dell.com',
  'hp.com',
  'lenovo.com',
  'logitech.com',
  'samsung.com',
  'android.com',
  'ubuntu.com',
  'debian.org',
  'python.org',
  'cloudflare.com',
  'amazon.com',
  'slack.com',
  '1password.com',
  'bitwarden.com',
  'lastpass.com',
  'speedtest.net',
];

const isPublicDomain = (host: string) => PUBLIC_DOMAINS.some((d) => host === d || host.endsWith(`.${d}`));
const IPV4_HOST = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/** internal: a name on the company network; public: a site on the internet; none: not a host name at all. */
function classifyHost(host: string, certainlyHost: boolean): 'internal' | 'public' | 'none' {
  const lower = host.toLowerCase();
  // In a link an IP literal is the host; in running text the IP detectors decide (8.8.8.8 stays, 10.0.0.0/8 is one address).
  if (IPV4_HOST.test(lower)) return certainlyHost ? 'internal' : 'none';
  const labels = lower.split('.');
  if (labels.some((l) => l === '' || l.startsWith('-') || l.endsWith('-'))) return 'none';
  const tld = labels[labels.length - 1]!;
  if (labels.length === 1) return certainlyHost && lower !== 'localhost' ? 'internal' : 'none';
  if (INTERNAL_TLDS.has(tld)) return 'internal';
  if (!PUBLIC_TLDS.has(tld) && !(certainlyHost && /^\p{L}{2,}$/u.test(tld))) return 'none';
  if (isPublicDomain(lower)) return 'public';
  // www.acme.com is the organisation's public site; anything deeper (vpn.acme.com, jira.eu.acme.com) is infrastructure.
  if (labels.length >= 3 && !(labels.length === 3 && labels[0] === 'www')) return 'internal';
  return 'public';
}

const URL_RE = /(?<![\p{L}\p{N}])(?:https?|ftps?|sftp|smb|file):\/\/[^\s<>"'`()[\]{}|\\^]+/giu;

function judgeUrl(m: RegExpExecArray): Verdict {
  const url = m[0].replace(/[.,;:!?*_~]+$/u, '');
  const end = m.index + url.length;
  const scheme = url.slice(0, url.indexOf(':')).toLowerCase();
  const authority = url.slice(url.indexOf('://') + 3).split(/[/?#]/u, 1)[0] ?? '';
  // file:// points into someone's disk; user@ in a link is a credential or a mailbox.
  if (scheme === 'file' || authority.includes('@')) return [take(m.index, end, 'url')];
  const host = authority.replace(/:\d*$/u, '');
  return classifyHost(host, true) === 'internal' ? [take(m.index, end, 'url')] : [];
}

const EMAIL_RE = /(?<![\p{L}\p{N}._%+-])[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

const UNC_RE = /(?<!\\)\\\\([\p{L}\p{N}][\p{L}\p{N}._-]*)/dgu;

function judgeUnc(m: RegExpExecArray): Verdict {
  const [start] = m.indices![1]!;
  const host = m[1]!.replace(/\.$/u, '');
  return [take(start, start + host.length, IPV4_HOST.test(host) ? 'ip' : 'host')];
}

// C:\Users\jdoe, \\fs01\home$\jdoe, /home/jdoe, /Users/jdoe
const PROFILE_PATH_RE =
  /(?:\\|(?<![\p{L}\p{N}._-])\/)(?:users|home|homes|profiles|benutzer|utenti|documents and settings|dokumente und einstellungen)\$?[\\/]([^\\/\s:*?"<>|,;()[\]`']+)/dgiu;
const PROFILE_NOT_PERSONAL = new Set([
  'public',
  'default',
  'default user',
  'all users',
  'shared',
  'administrator',
  'admin',
  'guest',
  'username',
  'user',
  'you',
  'yourname',
  'your-name',
]);

function judgeProfilePath(m: RegExpExecArray): Verdict {
  const [start] = m.indices![1]!;
  const user = m[1]!.replace(/\.+$/u, '');
  if (/^[%$<{]/u.test(user) || PROFILE_NOT_PERSONAL.has(user.toLowerCase())) return [];
  return [take(start, start + user.length, 'username')];
}

const DOMAIN_USER_RE =
  /(?<![\p{L}\p{N}\\_.$-])([A-Z][A-Z0-9-]{1,14}|AzureAD)\\([\p{L}\p{N}._-]+)(?![\\\p{L}\p{N}._-])/dgu;
const NOT_DOMAINS = new Set([
  'HKLM',
  'HKCU',
  'HKCR',
  'HKU',
  'HKCC',
  'AUTHORITY',
  'BUILTIN',
  'APPPOOL',
  'SERVICE',
  'WINDOWS',
  'SYSTEM32',
  'SYSVOL',
  'NETLOGON',
  'PROGRAMDATA',
]);
const NOT_USERS = new Set([
  'system',
  'administrator',
  'administrators',
  'users',
  'guests',
  'everyone',
  'authenticated',
  'local',
  'network',
]);

function judgeDomainUser(m: RegExpExecArray): Verdict {
  const [start] = m.indices![2]!;
  const user = m[2]!.replace(/[._-]+$/u, '');
  if (NOT_DOMAINS.has(m[1]!) || NOT_USERS.has(user.toLowerCase()) || !/\p{L}/u.test(user)) return [];
  return [take(start, start + user.length, 'username')];
}

const HOST_RE =
  /(?<![\p{L}\p{N}._%+@/\\-])[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?::\d{1,5})?(?:\/[^\s<>"'`()[\]{}|\\^]*)?/gu;

function judgeHost(m: RegExpExecArray): Verdict {
  const host = /^[\p{L}\p{N}.-]+/u.exec(m[0])![0];
  if (classifyHost(host, false) !== 'internal') return [];
  const rest = m[0].slice(host.length).replace(/[.,;:!?*_~]+$/u, '');
  // With a path it is a link (intranet.acme.corp/hr/forms); alone it names a machine.
  if (rest.includes('/')) return [take(m.index, m.index + host.length + rest.length, 'url')];
  return [take(m.index, m.index + host.length, 'host')];
}

const MAC_RE =
  /(?<![\p{L}\p{N}:.-])(?:[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}|[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4})(?![\p{L}\p{N}:-]|\.[0-9A-Fa-f])/gu;

const IPV6_RE =
  /(?<![\p{L}\p{N}:.])(?:[0-9A-Fa-f]{1,4})?:[0-9A-Fa-f:]{1,38}(?:%[\p{L}\p{N}]+)?(?:\/\d{1,3})?(?![\p{L}\p{N}:])/gu;

/** Full or ::-compressed; at least two groups, five hex digits and one decimal digit, so "ab::cd" and "dead::beef" in prose stay. */
function isIpv6(candidate: string): boolean {
  const address = candidate.replace(/(?:%[\p{L}\p{N}]+)?(?:\/\d{1,3})?$/u, '');
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.flatMap((h) => (h === '' ? [] : h.split(':')));
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return false;
  if (halves.length === 1 ? groups.length !== 8 : groups.length > 7) return false;
  const hex = groups.join('');
  return groups.length >= 2 && hex.length >= 5 && /\d/.test(hex);
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
// Four dotted numbers up to 255 and not a fifth: "10.0.19045.3803" (a Windows build) fails on 19045.
const IPV4_RE = new RegExp(
  `(?<![\\p{L}\\p{N}.])${OCTET}(?:\\.${OCTET}){3}(?:\\/(?:3[0-2]|[12]?\\d))?(?![\\p{L}\\p{N}]|\\.\\d)`,
  'gu',
);
// Addresses that are the same on every network and that FAQ answers legitimately tell people to type.
const WELL_KNOWN_IPS = new Set([
  '0.0.0.0',
  '255.255.255.255',
  '8.8.8.8',
  '8.8.4.4',
  '1.1.1.1',
  '1.0.0.1',
  '9.9.9.9',
]);

function judgeIpv4(text: string, m: RegExpExecArray): Verdict {
  const ip = m[0].split('/')[0]!;
  if (
    WELL_KNOWN_IPS.has(ip) ||
    ip.startsWith('127.') ||
    /^255\.(?:255|254|252|248|240|224|192|128|0)\./.test(ip)
  )
    return [];
  // "version 4.2.1.0" is a version that happens to fit ("server 10.0.0.5" is not: the cue must be a whole word).
  if (
    /(?:^|[^\p{L}])(?:version|ver\.?|build|release|firmware|bios|driver|v)[ \t]*$/iu.test(
      text.slice(Math.max(0, m.index - 12), m.index),
    )
  )
    return [];
  return [take(m.index, m.index + m[0].length, 'ip')];
}

// ---------------------------------------------------------------------------------------------------------
// Tickets, assets, machines

const TICKET_ID_RE =
  /(?<![\p{L}\p{N}_-])(?:T-\d{3,}|(?:INC|REQ|RITM|CHG|PRB|SCTASK|TASK|SR|WO|CS)\d{5,})(?![\p{L}\p{N}_-])/gu;
const TICKET_PHRASE_RE =
  /(?<![\p{L}\p{N}])(ticket|case|incident|request|issue|vorgang|anfrage|richiesta|segnalazione|caso)((?:[ \t]*(?:#|no\.|nr\.|number|nummer|numero|n\.|n°))?[ \t]*:?[ \t]*#?)(\d{3,10})(?![\p{L}\p{N}]|[.,/-]\d)/giu;

function judgeTicketPhrase(m: RegExpExecArray): Verdict {
  const marked = /[#.°]|number|nummer|numero/iu.test(m[2]!);
  const digits = m[3]!;
  // "ticket 512" is a ticket; "in case 2026" is a year and "case 300" a count unless marked with # or "no.".
  if (!marked && m[1]!.toLowerCase() !== 'ticket' && (digits.length < 4 || /^(?:19|20)\d\d$/.test(digits)))
    return [];
  return [take(m.index, m.index + m[0].length, 'ticket')];
}

const ASSET_CUE_RE =
  /(?<![\p{L}\p{N}])(?:asset(?:[ \t-]*(?:tag|number|no\.|nr\.|id))?|inventory(?:[ \t-]*(?:tag|number|no\.|nr\.))?|service[ \t-]*tag|inventar(?:nummer|[ \t-]*nr\.)?|anlagennummer|cespite|n\.[ \t]*inventario|etichetta)([ \t]*[:#]?[ \t]*#?[ \t]*)([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(?![\p{L}\p{N}])/dgiu;
const SERIAL_CUE_RE =
  /(?<![\p{L}\p{N}])(?:serial(?:[ \t-]*(?:number|no\.|nr\.|#))?|s\/n|sn|seriennummer|serien-?nr\.|numero[ \t]+di[ \t]+serie|n\.[ \t]*di[ \t]*serie|matricola)([ \t]*[:#]?[ \t]*)([A-Za-z0-9]+(?:-[A-Za-z0-9]+)*)(?![\p{L}\p{N}])/dgiu;
const ASSET_TAG_RE = /(?<![\p{L}\p{N}_-])(?:AT|IT|INV)-\d{4,}(?![\p{L}\p{N}_-])/gu;

/** "asset 12345" → "[asset tag]"; after a colon the label stays: "Asset tag: [asset tag]". */
function judgeLabelled(m: RegExpExecArray, kind: ScrubKind, replacement: string, minLength: number): Verdict {
  const value = m[2]!;
  if (value.length < minLength || !/\d/.test(value)) return null;
  const start = m[1]!.includes(':') ? m.indices![2]![0] : m.index;
  return [take(start, m.index + m[0].length, kind, replacement)];
}

// Windows-style machine names: LAPTOP-7F3K2Q, DESKTOP-AB12CD3, WS-0042, NB-BER-0042, SRV-FS01, PRN-3F-01.
const MACHINE_RE =
  /(?<![\p{L}\p{N}_.\\-])(?:(?:LAPTOP|DESKTOP|NOTEBOOK)-[A-Z0-9]{4,}|(?:WS|WKS|PC|NB|NBK|SRV|SVR|PRN|PRT|VM|VDI|MBP|IMAC|TAB|CLT)(?:-[A-Z0-9]+)+)(?![\p{L}\p{N}_-])/gu;

// ---------------------------------------------------------------------------------------------------------
// Street addresses

const HOUSE = '\\d{1,4}[a-zA-Z]?(?:[ \\t]*[-/][ \\t]*\\d{1,4}[a-zA-Z]?)?(?![\\p{L}\\p{N}])';
const WORD = "\\p{Lu}[\\p{L}\\p{M}'’]*(?:-\\p{L}[\\p{L}\\p{M}'’]*)*";
const PARTICLE = '(?:de|del|della|dello|delle|degli|dei|di|da|la|le|les|du|des|do|dos|das|y)';
const STREET_NAME = `(?:(?:${PARTICLE}[ \\t]+|[dlDL]['’]){0,3})${WORD}(?:[ \\t]+(?:${PARTICLE}[ \\t]+){0,2}${WORD}){0,3}`;
const CITY = '\\p{Lu}[\\p{L}\\p{M}]*(?:[ \\t-]\\p{Lu}[\\p{L}\\p{M}]*)?(?![\\p{L}\\p{M}])';
// "…, 8001 Zürich", "…\n10115 Berlin", "…, 00-950 Warszawa", "…, Springfield, IL 62704": only right after a street.
const POSTAL_TAIL = `(?:,?[ \\t]*(?:\\r?\\n[ \\t]*)?(?:(?:[A-Z]{1,2}-)?\\d{4,5}|\\d{2}-\\d{3})[ \\t]+${CITY}|,[ \\t]*${CITY},?[ \\t]+[A-Z]{2}[ \\t]+\\d{5}(?:-\\d{4})?)?`;
const STREET_SUFFIX =
  '(?:[Ss]tra(?:ße|sse)|[Ss]tr\\.|[Gg]asse|[Ww]eg|[Pp]latz|[Aa]llee|[Uu]fer|[Ss]teig|[Pp]fad|[Cc]haussee|[Dd]amm|[Ss]traat|[Gg]racht|[Ll]aan|[Pp]lein|[Gg]ade|[Vv]ej|[Gg]atan|[Gg]ata|[Vv]ägen|[Vv]eien|[Vv]egen|[Kk]atu)';
const ROMANCE_CUE =
  '(?:Via|Viale|Piazza|Piazzale|Corso|Largo|Vicolo|Lungomare|Calle|Carrer|Avenida|Avinguda|Av\\.|Avda\\.|Plaza|Plaça|Paseo|Passeig|Rambla|Rua|Travessa|Rue|Avenue|Boulevard|Place|Chemin|Quai|Allée|Impasse)';
const ENGLISH_SUFFIX =
  '(?:Street|St\\.|Road|Rd\\.|Avenue|Ave\\.|Lane|Drive|Boulevard|Blvd\\.|Way|Court|Place|Square|Terrace|Close|Crescent|Parkway|Highway|Row|Mews|Gardens)';

const ADDRESS_RES = [
  // Bahnhofstrasse 12, Karl-Marx-Allee 5, Drottninggatan 5, Hauptstr. 3
  `(?<![\\p{L}\\p{M}-])\\p{Lu}[\\p{L}\\p{M}-]*?${STREET_SUFFIX}[ \\t]+${HOUSE}`,
  // Berliner Straße 5, Lange Gasse 3
  `(?<![\\p{L}\\p{M}-])\\p{Lu}[\\p{L}\\p{M}]*[ \\t]+(?:Straße|Strasse|Str\\.|Gasse|Weg|Platz|Allee|Ring|Damm|Ufer)[ \\t]+${HOUSE}`,
  // Via Roma 5, Rue de Rivoli 3, Calle de Alcalá, 23
  `(?<![\\p{L}])${ROMANCE_CUE}[ \\t]+${STREET_NAME},?[ \\t]+${HOUSE}`,
  // 3 rue de Rivoli (French puts the number first; Italian and Spanish do not)
  `(?<![\\p{L}\\p{N}])\\d{1,4}(?:[ \\t]?(?:bis|ter))?,?[ \\t]+(?:rue|avenue|boulevard|place|chemin|allée|impasse|quai)[ \\t]+${STREET_NAME}`,
  // ul. Marszałkowska 10/12, al. Jerozolimskie 5
  `(?<![\\p{L}])(?:ul|al|pl|os)\\.[ \\t]*${WORD}(?:[ \\t]+${WORD}){0,3}[ \\t]+${HOUSE}`,
  // 12 Main Street, 221B Baker Street
  `(?<![\\p{L}\\p{N}])\\d{1,5}[A-Za-z]?[ \\t]+(?:${WORD}[ \\t]+){1,3}${ENGLISH_SUFFIX}(?![\\p{L}])`,
].map((pattern) => new RegExp(pattern + POSTAL_TAIL, 'gu'));

function judgeAddress(m: RegExpExecArray): Verdict {
  // "Corso Excel 2016" is a course, "3 Microsoft Teams Place" not a place.
  const words = m[0].match(/\p{L}+/gu) ?? [];
  if (words.some((w) => HELP_DESK_WORDS.includes(w.toLowerCase()))) return null;
  return [take(m.index, m.index + m[0].length, 'address')];
}

// ---------------------------------------------------------------------------------------------------------
// Phone numbers

const PHONE_INTERNATIONAL_RE = /(?<![\p{L}\p{N}+/_.-])(?:\+|00)[1-9][\d \-.()/]{5,22}\d(?![\p{L}\p{N}])/gu;
// Either (0xx) / 0xx prefixed national numbers or North American 555-123-4567; never a bare run of digits.
const PHONE_NATIONAL_RE =
  /(?<![\p{L}\p{N}+/_.,-])(?:1[ .-])?(?:\(\d{2,5}\)[ \-.]?|\d{2,5}[ \-./])\d{2,8}(?:[ \-.]\d{2,8}){0,3}(?![\p{L}\p{N}]|[.,:/-]\d)/gu;
const PHONE_EXTENSION_RE =
  /(?<![\p{L}\p{N}])(?:ext\.?|extension|durchwahl|nebenstelle|interno)[ \t]*[:.]?[ \t]*\d{2,6}(?![\p{L}\p{N}]|[.,]\d)/giu;

function isInternationalPhone(candidate: string): boolean {
  if (/[ .\-/]{2}/.test(candidate.replace(/[()]/g, ''))) return false;
  const digits = candidate.replace(/\D/g, '').length - (candidate.startsWith('00') ? 2 : 0);
  return digits >= 8 && digits <= 15;
}

function isNationalPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '').length;
  // Dates (2026-11-22, 22.11.2026) have at most 8 digits; phone numbers at least 9.
  if (digits < 9 || digits > 13) return false;
  if (candidate.startsWith('(')) return true;
  if (/^(?:1[ .-])?\d{3}([-. ])\d{3}\1\d{4}$/.test(candidate)) return true;
  return candidate.startsWith('0');
}

// ---------------------------------------------------------------------------------------------------------
// Usernames

const USERNAME_CUE_RE =
  /(?<![\p{L}\p{N}])(user[ \t-]?name|user[ \t-]?id|user|login[ \t-]?name|login|logon[ \t-]?name|logon|account[ \t-]?name|account|upn|samaccountname|benutzer(?:name|kennung)?|anmeldename|kennung|nome[ \t]+utente|utente|(?:logged|signed)[ \t]+(?:in|on)[ \t]+as|angemeldet[ \t]+als|eingeloggt[ \t]+als)([ \t]*[:=][ \t]*|[ \t]+(?:(?:is|was|ist|lautet|è)[ \t]+)?)([`"'“„«‘]?)([\p{L}\p{N}][\p{L}\p{N}._-]*)(?![\p{L}\p{N}._\\@-])/dgiu;

function judgeUsernameCue(m: RegExpExecArray): Verdict {
  const cue = m[1]!.toLowerCase();
  const token = m[4]!.replace(/[._-]+$/u, '');
  const [start] = m.indices![4]!;
  if (!/\p{L}/u.test(token) || COMMON_WORDS.has(foldWord(token))) return null;
  const explicit = /[:=]/.test(m[2]!) || m[3] !== '';
  const strong = !/^(?:user|login|logon|account|benutzer|utente)$/.test(cue);
  // After a bare "user" or "account" only something shaped like a login counts: "user j.doe2", not "user reported".
  if (!explicit && !strong && !/[\d._]/.test(token)) return null;
  return [take(start, start + token.length, 'username')];
}

// ---------------------------------------------------------------------------------------------------------
// Names

const GREETINGS = [
  'good morning',
  'good afternoon',
  'good evening',
  'hello',
  'hey',
  'hi',
  'dear',
  'guten morgen',
  'guten tag',
  'hallo',
  'liebe',
  'lieber',
  'sehr geehrte',
  'sehr geehrter',
  'moin',
  'servus',
  'ciao',
  'salve',
  'buongiorno',
  'buonasera',
  'gentile',
  'gentilissima',
  'gentilissimo',
  'caro',
  'cara',
];
const SIGN_OFFS = [
  'best regards',
  'kind regards',
  'warm regards',
  'many thanks',
  'thank you',
  'thanks',
  'thx',
  'regards',
  'sincerely',
  'mit freundlichen grüßen',
  'mit freundlichen grüssen',
  'freundliche grüße',
  'freundliche grüsse',
  'viele grüße',
  'viele grüsse',
  'liebe grüße',
  'liebe grüsse',
  'beste grüße',
  'beste grüsse',
  'herzliche grüße',
  'herzliche grüsse',
  'schöne grüße',
  'schöne grüsse',
  'grüße',
  'grüsse',
  'gruß',
  'gruss',
  'vielen dank',
  'danke schön',
  'danke',
  'cordiali saluti',
  'distinti saluti',
  'un saluto',
  'saluti',
  'grazie mille',
  'grazie',
  'a presto',
];
// Sign-offs that are also ordinary words ("Best Buy", "LG Monitor") only count before a comma or a line break.
const PUNCTUATED_SIGN_OFFS = ['best wishes', 'best', 'cheers', 'yours truly', 'yours', 'lg', 'vg', 'mfg'];
const TITLES = '(?:(?:Dr|Prof|Mr|Mrs|Ms|Mx|Herr|Frau|Sig\\.ra|Sig|Dott\\.ssa|Dott|Ing|Avv)\\.?[ \\t]+){0,2}';
const NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}]*(?:['’-]\\p{Lu}[\\p{L}\\p{M}]*)*(?!['’]?[\\p{L}\\p{M}])";
const NAME_PARTICLE = '(?:van|von|de|der|den|da|di|del|della|le|la|du|dos|ten|ter|zu|af)';
const NAMES = `(${NAME_WORD}(?:[ \\t]+(?:${NAME_PARTICLE}[ \\t]+){0,2}${NAME_WORD}){0,2})`;
const cues = (list: string[]) => alternation(list.map(caseless));
const LINE_BREAKS = '(?:\\r?\\n[ \\t]*){1,2}';
const SALUTATION_RE = new RegExp(
  // Sign-offs first, so "Liebe Grüße\nKatrin" is a sign-off and not the greeting "Liebe" addressing "Grüße".
  `(?<![\\p{L}\\p{N}])(?:(?:${cues(SIGN_OFFS)})(?:[ \\t]*[,!][ \\t]*(?:${LINE_BREAKS})?|[ \\t]*${LINE_BREAKS}|[ \\t]+)` +
    `|(?:${cues(PUNCTUATED_SIGN_OFFS)})(?:[ \\t]*[,!][ \\t]*(?:${LINE_BREAKS})?|[ \\t]*${LINE_BREAKS})` +
    `|(${cues(GREETINGS)})([ \\t]*,)?[ \\t]+)${TITLES}${NAMES}`,
  'gu',
);

const CLAUSE_END_RE = /[ \t]*(?:[,.!;:?)]|\r?\n|$)/uy;

/** "Hi Marco," "Regards,\nPiotr Nowak": a capitalised word that is not a common one, right after a greeting or sign-off. */
function judgeSalutation(text: string, m: RegExpExecArray, discovered: Set<string>): Verdict {
  const names = m[3]!;
  const start = m.index + m[0].length - names.length;
  const end = m.index + m[0].length;
  // After a sign-off the name must end the line or the clause ("Thanks, Lena." yes; "Danke, Problem gelöst" no).
  CLAUSE_END_RE.lastIndex = end;
  const closes = CLAUSE_END_RE.test(text);
  const isGreeting = m[1] !== undefined;
  // "Hi, Bildschirm flackert": after "Hi," a new sentence may start, so there too the name must close the clause.
  if ((!isGreeting || m[2] !== undefined) && !closes) return null;
  const words = [...names.matchAll(/[^\s]+/gu)];
  const kept: RegExpExecArray[] = [];
  for (const word of words) {
    const folded = foldWord(word[0]);
    // "Hallo Frau" without a name, and "van"/"de" inside one, are not names themselves.
    if (PARTICLES.has(folded)) {
      if (kept.length === 0) return null;
      continue;
    }
    if (COMMON_WORDS.has(folded)) break;
    kept.push(word as RegExpExecArray);
    // Without punctuation after a greeting only the first word is surely the name ("Hi Marco Outlook crashed").
    if (isGreeting && !closes) break;
  }
  const last = kept[kept.length - 1];
  if (!last) return null;
  for (const word of kept)
    for (const piece of word[0].split(/['’-]/u))
      if ([...piece].length >= 2) for (const key of nameKeys(piece)) discovered.add(key);
  return [take(start, start + last.index + last[0].length, 'name')];
}

const NAME_TOKEN_RE = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*/gu;

/** Names of the people on the ticket in any case and spelling; names found in salutations only when capitalised. */
function judgeNameToken(m: RegExpExecArray, keys: Map<string, boolean>, discovered: Set<string>): Verdict {
  const token = m[0];
  if (CJK.test(token)) return [];
  const isName = (word: string) => {
    const key = foldWord(word);
    const common = keys.get(key);
    // A lowercase "will" or "mark" is the word; "Will", "MARK" and every spelling of "Müller" are the person.
    if (common !== undefined && (!common || word !== word.toLowerCase())) return true;
    return /^\p{Lu}/u.test(word) && discovered.has(key);
  };
  if (isName(token)) return [take(m.index, m.index + token.length, 'name')];
  // "Marco's", "d'Angelo": look at each side of the apostrophe.
  const spans: Span[] = [];
  let offset = m.index;
  for (const piece of token.split(/['’]/u)) {
    if (piece.length > 0 && isName(piece)) spans.push(take(offset, offset + piece.length, 'name'));
    offset += piece.length + 1;
  }
  return spans;
}
