import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testDatabase } from '#test/db.ts';
import { loadContent } from '#lib/content/load.ts';
import { EMPLOYEE } from '#lib/content/store.ts';
import { Encoder } from '#lib/embeddings/encoder.ts';
import { createSearchClient } from './client.ts';
import {
  computeArticleVectors,
  evaluateSuggestions,
  isAnswerable,
  QualityCase,
  readQualitySet,
  requestInput,
  scoreOffTopic,
  scoreRankings,
  teachFromCases,
} from './evaluate.ts';
import { rebuildFtsIndex } from './fts.ts';
import { forgetAllPhrasings, learnPhrasings } from './learned.ts';
import { OUTSIDE_IT } from './outside-it.ts';
import { candidateVector, relevance, RERANK_EN, type CandidateSignals } from './rerank.ts';
import { splitRequestText, translationLookup } from './site-suggest.ts';
import { indexedTexts } from './texts.ts';
import { buildVocabulary } from './spelling.ts';
import {
  DEFAULT_FUSION,
  DEFAULT_HYBRID,
  detectLanguage,
  ENCODER_QUERY_CHARS,
  suggestArticles,
} from './suggest.ts';
import { syncArticles } from './sync.ts';
import { RecentVectors } from './typing-vectors.ts';
import { shapeQuery } from './shape-query.ts';

// The code behind /api/suggest, against a real Meilisearch, a real SQLite file with the starter KB
// and the real sentence encoder (loaded once for the file).
const client = createSearchClient(inject('meili'), 10_000);
const indexUid = `test_${randomBytes(4).toString('hex')}_suggest`;
const content = loadContent(path.resolve('content'));
const { articles } = content;
const encoder = new Encoder();
const AGENT = { seesInternal: true, seesUnpublished: false };
let sources: Parameters<typeof suggestArticles>[0];
/** The same without the encoder: the lexical ranking, as when the encoder is loading, busy or down. */
let lexical: Parameters<typeof suggestArticles>[0];

beforeAll(async () => {
  // Every language's text, as the portal indexes them (the starter KB has German and Italian translations).
  await syncArticles(client, indexUid, indexedTexts(content));
  const db = testDatabase();
  rebuildFtsIndex(db, indexedTexts(content));
  await computeArticleVectors(db, encoder, articles);
  sources = {
    client,
    indexUid,
    db,
    articles: new Map(articles.map((a) => [a.slug, a])),
    translation: translationLookup(content, EMPLOYEE, new Map(articles.map((a) => [a.slug, a]))),
    vocabulary: buildVocabulary(articles),
    encoder,
    // The tests measure the ranking: they wait for every vector (the portal waits QUERY_TIMEOUT_MS).
    encoderTimeoutMs: 60_000,
  };
  lexical = { ...sources, encoder: null };
}, 120_000);
afterAll(async () => {
  encoder.close();
  await client.deleteIndex(indexUid).waitTask();
});

const top = async (subject: string, description = '') =>
  (await suggestArticles(sources, { subject, description }, EMPLOYEE)).results.map((r) => r.slug);

describe('suggestions', () => {
  it('find an article by the words of requests it solved, never one the reader may not see', async () => {
    const internal = articles.find((a) => a.audience === 'agents')!;
    const learnedAt = new Date().toISOString();
    const unfiltered = { hybrid: { ...DEFAULT_HYBRID, minScore: 0, shareOfBest: 0, gate: null } };
    // Neither gate was fit with learned phrasings (the fixture teaches none): this measures the ranking.
    const ungated = { fusion: { ...DEFAULT_FUSION, gate: null } };
    const hybridRank = async () =>
      (
        await suggestArticles(sources, { subject: 'my zorblatt letter vanished' }, EMPLOYEE, {
          ...unfiltered,
          limit: 10,
        })
      ).results.findIndex((r) => r.slug === 'map-a-network-drive');
    const unlearned = await hybridRank();
    // Other articles' learned phrasings, as a desk has: with only one row, FTS5's IDF of its words is ~0.
    const others = articles
      .filter((a) => a.audience === 'employees' && a.slug !== 'map-a-network-drive')
      .slice(0, 30)
      .map((a, i) => ({
        slug: a.slug,
        source: 'request' as const,
        sourceId: `o${i}`,
        text: a.title,
        learnedAt,
      }));
    learnPhrasings(sources.db, [
      ...others,
      {
        slug: 'map-a-network-drive',
        source: 'request',
        sourceId: 'a',
        text: 'the zorblatt letter vanished',
        learnedAt,
      },
      { slug: internal.slug, source: 'ticket', sourceId: 'T-1', text: 'quokkafish wobbles', learnedAt },
    ]);
    try {
      // Learned words alone lead the lexical ranking; the hybrid one adds them to the article's own
      // words and meaning (without a minimum), so they lift it: into the first ten (measured: below
      // the tenth → 8th; the encoder reads "letter vanished" as a lost password or mail). Until
      // session 19 it reached the 5th place by accident: "vanished" was corrected to "finished",
      // which the article says ("Select Finish").
      const found = await suggestArticles(
        lexical,
        { subject: 'my zorblatt letter vanished' },
        EMPLOYEE,
        ungated,
      );
      expect(found.results[0]?.slug).toBe('map-a-network-drive');
      const lifted = await hybridRank();
      expect(lifted).toBeGreaterThanOrEqual(0);
      expect(lifted).toBeLessThan(10);
      expect(unlearned < 0 || lifted < unlearned).toBe(true);
      for (const s of [sources, lexical]) {
        const hidden = await suggestArticles(s, { subject: 'quokkafish wobbles' }, EMPLOYEE, {
          ...unfiltered,
          ...ungated,
        });
        expect(hidden.results.map((r) => r.slug)).not.toContain(internal.slug);
      }
      const forAgents = await suggestArticles(lexical, { subject: 'quokkafish wobbles' }, AGENT, ungated);
      expect(forAgents.results.map((r) => r.slug)).toContain(internal.slug);
      // Asked again the way it was solved: the article that solved it comes first in both rankings,
      // gates and all (without this, the hybrid ranking put it 8th and its gate showed nothing).
      for (const s of [sources, lexical]) {
        const again = await suggestArticles(s, { subject: 'My zorblatt letter has vanished!' }, EMPLOYEE);
        expect(again.results[0]?.slug).toBe('map-a-network-drive');
        const declined = await suggestArticles(s, { subject: 'my zorblatt letter vanished' }, EMPLOYEE, {
          declined: new Set(['map-a-network-drive']),
        });
        expect(declined.results.map((r) => r.slug)).not.toContain('map-a-network-drive');
        const hidden = await suggestArticles(s, { subject: 'the quokkafish wobbles' }, EMPLOYEE);
        expect(hidden.results.map((r) => r.slug)).not.toContain(internal.slug);
      }
    } finally {
      forgetAllPhrasings(sources.db);
    }
  });

  it('hand the encoder only the start of a long request (it is asked at every pause while typing)', async () => {
    const read: string[] = [];
    // The real encoder, watched: what it is asked to read.
    const watched = {
      get status() {
        return encoder.status;
      },
      embedQueries: (texts: string[], options?: { timeoutMs?: number }) => {
        read.push(...texts);
        return encoder.embedQueries(texts, options);
      },
    };
    const story = `Outlook keeps asking for my password\n${'Since the update it asks again every few minutes. '.repeat(20)}`;
    const { results } = await suggestArticles(
      { ...sources, encoder: watched },
      splitRequestText(story),
      EMPLOYEE,
    );
    // Besides the request, once, the topics outside IT (outside-it.ts).
    const asked = read.filter((text) => !OUTSIDE_IT.includes(text));
    expect(asked).toHaveLength(1);
    expect(asked[0]!.length).toBeLessThanOrEqual(ENCODER_QUERY_CHARS);
    expect(asked[0]).toMatch(/^Outlook keeps asking for my password/);
    expect(results.length).toBeGreaterThan(0);
  });

  it('suggest nothing for what is not IT, and still answer IT problems in the same places', async () => {
    // The topics outside IT are encoded in the background on a process's first request.
    await top('warming up the encoder');
    expect(await top('the fridge in the kitchen smells awful, who cleans it?')).toEqual([]);
    expect(await top('who do I ask about my pension contributions?')).toEqual([]);
    // Requests in neither the fixture nor the outside-IT topics: the gate (confidence.ts) leaves them
    // without suggestions; without it they get some.
    for (const request of [
      'Can I bring my dog to the office on Fridays?',
      'the lift on the second floor is out of order',
    ]) {
      expect(await top(request), request).toEqual([]);
      const ungated = await suggestArticles(sources, { subject: request }, EMPLOYEE, {
        hybrid: { ...DEFAULT_HYBRID, gate: null, outsideIt: [] },
      });
      expect(ungated.results.length, request).toBeGreaterThan(0);
    }
    expect(await top('the printer in the kitchen is jammed again')).toContain(
      'print-job-stuck-or-printer-offline',
    );
    expect(await top('my expenses app will not load in Chrome')).toContain(
      'fix-browser-problems-in-edge-and-chrome',
    );
    expect(await top('teams keeps crashing when I share my screen')).toContain(
      'share-your-screen-in-teams-on-macos',
    );
  });

  it('say the same without the encoder: nothing for what is not IT, IT problems still answered', async () => {
    // The ranking without the encoder (a first start before the vectors, the encoder busy or down)
    // has a gate of its own, fit on the words alone (confidence.ts LEXICAL_GATE).
    const words = async (subject: string, options = {}) =>
      (await suggestArticles(lexical, { subject }, EMPLOYEE, options)).results.map((r) => r.slug);
    for (const request of [
      'who do I ask about my pension contributions?',
      'Can I bring my dog to the office on Fridays?',
      'Wann wird das Urlaubsgeld ausgezahlt?',
    ]) {
      expect(await words(request), request).toEqual([]);
      const ungated = await words(request, { fusion: { ...DEFAULT_FUSION, gate: null } });
      expect(ungated.length, request).toBeGreaterThan(0);
    }
    expect(await words('the printer in the kitchen is jammed again')).toContain(
      'print-job-stuck-or-printer-offline',
    );
    expect(await words('cant connect to vpn from home')).toContain('vpn-cannot-connect');
    expect(await words('Passwort vergessen, kann mich nicht anmelden')).toContain('reset-your-password');
    // A subject over a pasted log: the log's many words must not drown what the subject says.
    const line = '07:41:13,512 ERROR [SyncEngine] Upload failed: Connection reset by peer (errno=104)';
    const log = Array.from({ length: 60 }, (_, i) => `${line} #${i}`).join('\n');
    const pasted = await suggestArticles(
      lexical,
      { subject: 'OneDrive sync keeps failing', description: log },
      EMPLOYEE,
    );
    expect(pasted.results[0]?.slug).toBe('fix-onedrive-sync-problems');
    // A one-word subject over a longer one too, as /api/suggest splits "OneDrive" and a pasted log
    // (the journey's: its numbered lines filled every term but "onedrive", and the gate said none).
    const longer = Array.from({ length: 140 }, (_, i) => `2026-12-02 ${line} #${i}`).join('\n');
    const named = await suggestArticles(lexical, { subject: 'OneDrive', description: longer }, EMPLOYEE);
    expect(named.results[0]?.slug).toBe('fix-onedrive-sync-problems');
  });

  it('suggest nothing for German and Italian questions about pay, leave, travel and the building', async () => {
    await top('warming up the encoder');
    // Requests of neither the fixture nor the term map's words as listed: their words reach the
    // encoder and bm25 translated (workplace-vocabulary.ts), by stem and compound where inflected.
    // Not every one: held out, 22 % of German off-topic requests still get suggestions, and "Wo reiche
    // ich die Belege meiner Dienstreise ein?" (business trip, receipts) is still offered the phone
    // enrolment article; travel lies near the articles about phones abroad.
    for (const request of [
      'Wann wird das Urlaubsgeld ausgezahlt?',
      'quando viene pagata la quattordicesima?',
      'come faccio a chiedere il rimborso del biglietto del treno?',
    ]) {
      expect(await top(request), request).toEqual([]);
      // Without the vocabulary these words say nothing: the translated terms are what carry them.
      expect(
        shapeQuery(request, '', undefined, detectLanguage(request)).terms.some((t) =>
          ['holiday', 'pay', 'summer', 'bonus', 'reimbursement', 'train'].includes(t),
        ),
        request,
      ).toBe(true);
    }
    // IT problems in the same languages, with the same kind of words, are still answered.
    expect(await top('Der Drucker im Büro druckt nicht, der Auftrag hängt in der Warteschlange')).toContain(
      'print-job-stuck-or-printer-offline',
    );
    expect(await top("il portatile in ufficio non si collega al wifi dell'azienda")).toContain(
      'connect-to-office-wifi',
    );
  });

  it('answer the headline requests', async () => {
    expect((await top('cant connect to vpn from home'))[0]).toBe('vpn-cannot-connect');
    expect((await top('pasword reset'))[0]).toBe('reset-your-password');
    expect((await top('forgot my pasword, cant log in'))[0]).toBe('reset-your-password');
  });

  it('treat only a word still being typed as a prefix', async () => {
    const lexicalTop = await suggestArticles(lexical, { subject: 'outlook not sync' }, EMPLOYEE);
    expect(lexicalTop.results[0]!.slug).toBe('outlook-not-syncing-or-mailbox-full');
    // The encoder hears "sync" and ranks OneDrive first; Outlook's article stays in the top 3.
    expect((await top('outlook not sync')).slice(0, 3)).toContain('outlook-not-syncing-or-mailbox-full');
  });

  it('find the article in a long description whose first words say nothing', async () => {
    const description =
      'Hi team, sorry to bother you again. I have a client presentation at three and I was preparing slides all morning. Since this morning nobody in my Teams calls can hear me properly, they say my voice sounds robotic and there is an echo. I tried another headset.';
    expect((await top('Urgent please help', description)).slice(0, 3)).toContain(
      'fix-echo-and-audio-problems-in-teams-calls',
    );
  });

  it('keep error codes and product names from pasted errors', async () => {
    expect((await top('GlobalProtect error', 'It says: Gateway not responding')).slice(0, 3)).toContain(
      'vpn-cannot-connect',
    );
  });

  it('understand German and Italian requests', async () => {
    expect((await top('Passwort vergessen, kann mich nicht anmelden')).slice(0, 3)).toContain(
      'reset-your-password',
    );
    expect((await top('la stampante non stampa niente')).slice(0, 3)).toEqual(
      expect.arrayContaining(['print-job-stuck-or-printer-offline']),
    );
  });

  it('escape the snippet and mark the matched words', async () => {
    const { results } = await suggestArticles(
      sources,
      { subject: '<img src=x onerror=alert(1)> printer offline' },
      EMPLOYEE,
    );
    expect(results[0]!.snippet).toMatch(/<mark>/);
    expect(results.map((r) => r.snippet).join('')).not.toMatch(/<(?!\/?mark>)/);
  });

  it('never suggest internal articles to employees', async () => {
    const slugs = await top('agent runbook unlock account verify identity');
    expect(slugs.some((s) => s.startsWith('agent-runbook'))).toBe(false);
  });

  it('keep answering from BM25 when Meilisearch is down; degraded only where the engine was needed', async () => {
    const down = { ...lexical, client: createSearchClient({ url: 'http://127.0.0.1:9' }, 500) };
    const result = await suggestArticles(down, { subject: 'printer offline' }, EMPLOYEE);
    expect(result).toMatchObject({
      status: 'ok',
      results: [{ slug: 'print-job-stuck-or-printer-offline' }, {}, {}, {}, {}],
    });
    expect(await suggestArticles(down, { subject: 'xyzzyq qwxzzp' }, EMPLOYEE)).toMatchObject({
      status: 'degraded',
      results: [],
    });
  });

  it('let Meilisearch fill the list when BM25 finds too few (here through its synonyms)', async () => {
    const bm25Only = await suggestArticles({ ...lexical, client: null }, { subject: 'zoom' }, EMPLOYEE);
    const filled = (await suggestArticles(lexical, { subject: 'zoom' }, EMPLOYEE)).results.map((r) => r.slug);
    expect(bm25Only.results.length).toBeLessThan(5);
    expect(filled).toHaveLength(5);
    expect(filled.slice(0, bm25Only.results.length)).toEqual(bm25Only.results.map((r) => r.slug));
  });

  it('carry a score from 0 to 1, best first, and leave out what scores below the minimum', async () => {
    const { results } = await suggestArticles(
      sources,
      { subject: 'my laptop battery drains very fast' },
      EMPLOYEE,
    );
    const scores = results.map((r) => r.score);
    expect(scores.length).toBeGreaterThan(0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(DEFAULT_HYBRID.minScore);
    expect(scores[0]).toBeLessThanOrEqual(1);
    // No padding: what fits less than half as well as the best is left out (the list was five).
    for (const score of scores) expect(score).toBeGreaterThanOrEqual(scores[0]! * DEFAULT_HYBRID.shareOfBest);
    const padded = await suggestArticles(
      sources,
      { subject: 'my laptop battery drains very fast' },
      EMPLOYEE,
      { hybrid: { ...DEFAULT_HYBRID, shareOfBest: 0 } },
    );
    expect(padded.results.length).toBeGreaterThan(results.length);
    // Nothing in the knowledge base is about lunch.
    expect((await top('what is on the canteen menu for lunch today')).length).toBeLessThan(5);
  });

  it("order an English request's candidates by the learned model (its probability is the score), others by the blend", async () => {
    const request = { subject: 'my laptop is dying by lunchtime every day' };
    let candidates: Array<{ slug: string; signals: CandidateSignals }> = [];
    const hybrid = { ...DEFAULT_HYBRID, gate: null, minScore: 0, shareOfBest: 0 };
    const { results } = await suggestArticles(sources, request, EMPLOYEE, {
      hybrid,
      limit: 10,
      explain: (e) => (candidates = e.candidates),
    });
    const expected = candidates
      .map((c) => ({ slug: c.slug, score: relevance(RERANK_EN, candidateVector(c.signals)) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, 10);
    expect(results.map((r) => r.slug)).toEqual(expected.map((e) => e.slug));
    results.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i]!.score, 3));
    // Without a model the fixed blend orders them, as German and Italian requests are.
    const blended = await suggestArticles(sources, request, EMPLOYEE, {
      hybrid: { ...hybrid, rerank: {}, alone: { ...hybrid.alone, rerank: {} } },
      limit: 10,
    });
    const byBlend = [...candidates].sort((a, b) => b.signals.fused - a.signals.fused).slice(0, 10);
    expect(blended.results.map((r) => r.slug)).toEqual(byBlend.map((c) => c.slug));
    const german = { subject: 'Mein Laptop-Akku ist mittags leer' };
    let germanCandidates: Array<{ slug: string; signals: CandidateSignals }> = [];
    const de = await suggestArticles(sources, german, EMPLOYEE, {
      hybrid,
      explain: (e) => (germanCandidates = e.candidates),
    });
    expect(de.results[0]!.slug).toBe(
      [...germanCandidates].sort((a, b) => b.signals.fused - a.signals.fused)[0]!.slug,
    );
  });

  it('rank as without the encoder when it does not answer, and encode German and Italian requests through their English', async () => {
    const none = { ...sources, encoder: null };
    for (const subject of ['cant connect to vpn from home', 'Passwort vergessen, kann mich nicht anmelden'])
      expect(await suggestArticles(none, { subject }, EMPLOYEE)).toEqual(
        await suggestArticles(sources, { subject }, EMPLOYEE, { hybrid: null }),
      );
    // The encoder reads English: it is given the translated words of a German or Italian request.
    const asked: string[] = [];
    const listening = {
      ...sources,
      encoder: {
        get status() {
          return encoder.status;
        },
        embedQueries: (texts: string[], options?: { timeoutMs?: number }) => {
          asked.push(...texts);
          return encoder.embedQueries(texts, options);
        },
      },
    };
    await suggestArticles(listening, { subject: 'Passwort vergessen, kann mich nicht anmelden' }, EMPLOYEE);
    await suggestArticles(listening, { subject: 'la stampante non stampa niente' }, EMPLOYEE);
    await suggestArticles(listening, { subject: 'my printer prints nothing' }, EMPLOYEE);
    // (The outside-IT check asks for its topics' vectors through the same encoder.)
    const requests = asked.filter((t) => !OUTSIDE_IT.includes(t));
    expect(requests).toEqual(['password forgot sign', 'printer print', 'my printer prints nothing']);
  });

  it("answer someone typing without waiting for the encoder: lexically on the request's first call, then with its earlier text's vector, then exactly", async () => {
    const recent = new RecentVectors();
    const typingSources = { ...sources, typingBudgetMs: 20, recentVectors: recent };
    const typing = { typing: { requestId: randomBytes(8).toString('hex') } };
    const [before, now] = ['cant connect to the vpn', 'cant connect to the vpn from my home office'];
    /** Until the encoder has computed `text` (nobody waits for it) and the request has kept it. */
    const computed = async (text: string) => {
      await encoder.embedQueries([text], { timeoutMs: 10_000 });
      await new Promise((resolve) => setTimeout(resolve, 10));
    };
    await top('warming up the encoder');

    let hold = encoder.holdForTesting(400);
    const first = await suggestArticles(typingSources, { subject: before }, EMPLOYEE, typing);
    expect(first).toEqual({
      ...(await suggestArticles(lexical, { subject: before }, EMPLOYEE)),
      refining: true,
    });
    await hold;
    await computed(before);

    hold = encoder.holdForTesting(400);
    const second = await suggestArticles(typingSources, { subject: now }, EMPLOYEE, typing);
    await hold;
    // The same hybrid ranking and gate, with the earlier text's vector (the real encoder, asked for it).
    const earlier = {
      get status() {
        return encoder.status;
      },
      embedQueries: (texts: string[], options?: { timeoutMs?: number }) =>
        encoder.embedQueries(
          texts.map((t) => (t === now ? before : t)),
          options,
        ),
    };
    await suggestArticles(
      { ...sources, encoder: earlier },
      { subject: 'warming up this encoder too' },
      EMPLOYEE,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stale = await suggestArticles({ ...sources, encoder: earlier }, { subject: now }, EMPLOYEE);
    expect(second).toEqual({ ...stale, refining: true });
    expect(second.results.map((r) => r.score)).not.toEqual(
      (await suggestArticles(lexical, { subject: now }, EMPLOYEE)).results.map((r) => r.score),
    );

    // Asked again once the vector is there (the page does, ~150 ms later): the exact answer, final.
    await computed(now);
    const again = await suggestArticles(typingSources, { subject: now }, EMPLOYEE, typing);
    expect(again).toEqual(await suggestArticles(sources, { subject: now }, EMPLOYEE));
    expect(again.refining).toBeUndefined();
  });

  it("answer a typing request's first call without asking Meilisearch to fill the list (the re-ask ranks without it)", async () => {
    const down = createSearchClient({ url: 'http://127.0.0.1:9' }, 500);
    const typingSources = { ...sources, client: down, recentVectors: new RecentVectors() };
    const typing = { typing: { requestId: randomBytes(8).toString('hex') } };
    // BM25 finds fewer than five: a final lexical answer asks the engine (here down, so "degraded").
    expect(await suggestArticles({ ...lexical, client: down }, { subject: 'zoom' }, EMPLOYEE)).toMatchObject({
      status: 'degraded',
    });
    const first = await suggestArticles(typingSources, { subject: 'zoom' }, EMPLOYEE, typing);
    expect(first).toMatchObject({ status: 'ok', refining: true });
    expect(first.results.length).toBeGreaterThan(0);
    expect(first.results.length).toBeLessThan(5);
  });

  it('rank an article whose vector is not computed yet by its words, not leave it out', async () => {
    // A fresh database: the articles are indexed, their vectors not yet (as right after a first start).
    const db = testDatabase();
    rebuildFtsIndex(db, articles);
    const warming = { ...sources, db };
    const { results } = await suggestArticles(
      warming,
      { subject: 'forgot my pasword, cant log in' },
      EMPLOYEE,
    );
    expect(results[0]?.slug).toBe('reset-your-password');
    // The hybrid gate cannot judge an article without a vector: the words alone do (LEXICAL_GATE).
    const dog = { subject: 'Can I bring my dog to the office on Fridays?' };
    expect((await suggestArticles(warming, dog, EMPLOYEE)).results).toEqual([]);
    const ungated = await suggestArticles(warming, dog, EMPLOYEE, {
      fusion: { ...DEFAULT_FUSION, gate: null },
    });
    expect(ungated.results.length).toBeGreaterThan(0);
  });

  it('tell German and Italian requests from English ones', () => {
    expect(detectLanguage('Kennwort abgelaufen')).toBe('de');
    expect(detectLanguage('il portatile è lentissimo')).toBe('it');
    expect(detectLanguage('my laptop is very slow')).toBe('en');
    expect(detectLanguage('VPN')).toBe('en');
  });

  it('leave out what the person answered "No" to, and judge the rest as before: the others keep their order and scores, or nothing when nothing else fits', async () => {
    const printer = { subject: 'printer offline' };
    const full = (await suggestArticles(sources, printer, EMPLOYEE)).results;
    const declined = new Set([full[0]!.slug]);
    const rest = (await suggestArticles(sources, printer, EMPLOYEE, { declined })).results;
    expect(rest.map((r) => r.slug)).not.toContain(full[0]!.slug);
    expect(rest.slice(0, full.length - 1)).toEqual(full.slice(1));
    const lexically = (await suggestArticles(lexical, printer, EMPLOYEE, { declined })).results;
    expect(lexically.length).toBeGreaterThan(0);
    expect(lexically.map((r) => r.slug)).not.toContain(full[0]!.slug);
    // The one article about automatic replies, declined: the gate finds nothing else that fits.
    const holiday = { subject: 'holiday auto reply' };
    expect((await suggestArticles(sources, holiday, EMPLOYEE)).results[0]?.slug).toBe(
      'set-up-out-of-office-reply',
    );
    const after = await suggestArticles(sources, holiday, EMPLOYEE, {
      declined: new Set(['set-up-out-of-office-reply']),
    });
    expect(after.results).toEqual([]);
  });

  it('answer nothing for nothing', async () => {
    expect((await suggestArticles(sources, { subject: '   ' }, EMPLOYEE)).results).toEqual([]);
    expect((await suggestArticles(sources, { subject: 'the and of' }, EMPLOYEE)).results).toEqual([]);
  });
});

describe('search quality on tests/fixtures/search-quality.jsonl', () => {
  const cases = readQualitySet(path.resolve('tests/fixtures/search-quality.jsonl'));
  const answerable = cases.filter(isAnswerable);

  it('holds 300+ English requests an article answers, 110+ each in German and Italian, and off-topic ones in each', () => {
    const inLang = (lang: string) => cases.filter((c) => c.lang === lang);
    expect(inLang('en').filter(isAnswerable).length).toBeGreaterThanOrEqual(300);
    expect(inLang('en').filter((c) => !isAnswerable(c)).length).toBeGreaterThanOrEqual(50);
    for (const lang of ['de', 'it']) {
      expect(inLang(lang).filter(isAnswerable).length, lang).toBeGreaterThanOrEqual(110);
      expect(inLang(lang).filter((c) => !isAnswerable(c)).length, lang).toBeGreaterThanOrEqual(15);
      // Written the way employees write, not only as tidy sentences.
      for (const style of QualityCase.shape.style.options)
        expect(
          inLang(lang).filter((c) => c.style === style).length,
          `${lang} ${style}`,
        ).toBeGreaterThanOrEqual(5);
    }
    expect(cases.filter((c) => c.subject !== undefined).length).toBeGreaterThanOrEqual(20);
  });

  it('names only articles that exist and that employees can read', () => {
    const readable = new Set(
      articles.filter((a) => a.status === 'published' && a.audience === 'employees').map((a) => a.slug),
    );
    const unknown = cases.flatMap((c) => c.relevant.filter((slug) => !readable.has(slug)));
    expect(unknown).toEqual([]);
  });

  it('hands a subject and description to the ranking the way /help does', async () => {
    const pair = cases.find((c) => c.subject !== undefined)!;
    const { runs } = await evaluateSuggestions(sources, [pair]);
    const viaHelp = await suggestArticles(
      sources,
      splitRequestText(`${pair.subject}\n${pair.query}`),
      EMPLOYEE,
      { limit: 10 },
    );
    expect(requestInput(pair)).toEqual({ subject: pair.subject, description: pair.query });
    expect(runs[0]!.ranked).toEqual(viaHelp.results.map((r) => r.slug));
  });

  // Session 16 (decision 018: articles read with how people ask, each phrasing's vector beside the
  // article's; the gate refit at 0.2): recall@3 0.950, recall@5 0.964, MRR@10 0.915; en 0.949, de 0.971,
  // it 0.992; 81.3 % of off-topic requests get none (held out 0.954 / 0.967 / 0.916 / 80.4 %).
  // Session 15: 0.925 / 0.949 / 0.883, en 0.943, de 0.942, it 0.969, 76.6 %.
  // Floors at what the shipped hybrid ranking reached (decisions 016 and 017; refit in session 14 with
  // every article translated into German and Italian; 604 answerable requests: recall@3 0.934,
  // recall@5 0.957, MRR@10 0.890; recall@5 by language en 0.955, de 0.950, it 0.969; 68.2 % of the
  // 107 off-topic requests get no suggestion — held out 0.932 / 0.955 / 0.889 / 69.2 %), rounded down.
  // Italian gives two requests to the gate at 0.15 for six more off-topic ones given none. Without the
  // encoder: 0.912 / 0.947 / 0.848 and 1.9 %. Session 9 (28 articles translated): 0.917 / 0.955 /
  // 0.858, en 0.955, de 0.928, it 0.985, 62.6 % (held out 0.919 / 0.957 / 0.860 / 64.5 %). Before
  // session 9: 0.919 / 0.957 / 0.859, en 0.961, de 0.921, it 0.985, 57.0 %. Before decision 017: 0.917
  // / 0.954 / 0.848, en 0.952, de 0.928, 47.7 %. Before the gate: 0.914 / 0.947 / 0.845, en 0.940, de
  // 0.921, it 0.992, 35.5 %. Before issue 15: 0.871 / 0.906 / 0.805, de 0.806, it 0.924, 34.6 %
  // (decision 062).
  // Session 20 (German and Italian everyday words of IT problems, the gates refit): 0.959 / 0.972 /
  // 0.923, en 0.955, de 0.993, it 0.992, 83.2 % (held out 0.960 / 0.972 / 0.925 / 82.2 %).
  // Session 23 (the gates also fit on requests no article answers): 0.959 / 0.972 / 0.926, 86.9 %
  // (held out 0.959 / 0.970 / 0.924 / 86.0 %); Italian 129 of 131 (0.985, rounded 0.98) for 91.3 %
  // of its off-topic requests with none (was 0.992 and 87.0 % at 0.15).
  it('puts the right article in the top 3 for 95% and the top 5 for 96.5% of the answerable requests; 86% of off-topic ones get none', async () => {
    const { metrics, offTopic, runs } = await evaluateSuggestions(sources, cases);
    expect(metrics.n).toBe(answerable.length);
    expect(metrics.recall3).toBeGreaterThanOrEqual(0.95);
    expect(metrics.recall5).toBeGreaterThanOrEqual(0.965);
    expect(metrics.mrr10).toBeGreaterThanOrEqual(0.91);
    const recall5 = (lang: string) => scoreRankings(runs.filter((r) => r.lang === lang)).recall5;
    expect(recall5('en')).toBeGreaterThanOrEqual(0.945);
    expect(recall5('de')).toBeGreaterThanOrEqual(0.985);
    expect(recall5('it')).toBeGreaterThanOrEqual(0.98);
    expect(offTopic.noSuggestion).toBeGreaterThanOrEqual(0.86);
    expect(scoreOffTopic(runs).n).toBe(cases.length - answerable.length);
    // The first 539 requests are the set as it was before the German and Italian additions: they keep
    // the floors they had, so the harder additions cannot hide a regression on them.
    const earlier = runs.slice(0, 539);
    expect(scoreRankings(earlier).recall5).toBeGreaterThanOrEqual(0.92);
    expect(scoreRankings(earlier).mrr10).toBeGreaterThanOrEqual(0.82);
    const earlierRecall5 = (lang: string) => scoreRankings(earlier.filter((r) => r.lang === lang)).recall5;
    expect(earlierRecall5('de')).toBeGreaterThanOrEqual(0.85);
    expect(earlierRecall5('it')).toBeGreaterThanOrEqual(0.92);
  }, 120_000);

  // Issue 14, session 21: without the encoder every match was listed (1.9 % of off-topic requests got
  // none, recall@5 0.954). With LEXICAL_GATE, measured in sample: recall@5 0.935, 61.7 % with none
  // (held out 0.930 / 62.6 %).
  it('without the encoder, put the right article in the top 5 for 93% and give 58% of off-topic requests none', async () => {
    const { metrics, offTopic } = await evaluateSuggestions(lexical, cases);
    expect(metrics.recall5).toBeGreaterThanOrEqual(0.93);
    expect(offTopic.noSuggestion).toBeGreaterThanOrEqual(0.58);
    const ungated = await evaluateSuggestions(lexical, cases, { fusion: { ...DEFAULT_FUSION, gate: null } });
    expect(ungated.offTopic.noSuggestion).toBeLessThan(0.1);
  }, 120_000);

  /** The fixture ranked with the articles read as given: their vectors computed in a fresh database. */
  const evaluateReadAs = async (read: typeof articles) => {
    const db = testDatabase();
    rebuildFtsIndex(db, indexedTexts(content));
    await computeArticleVectors(db, encoder, read);
    return evaluateSuggestions({ ...sources, db, articles: new Map(read.map((a) => [a.slug, a])) }, cases);
  };

  // Decision 018, session 17: a knowledge base whose articles do not say how people ask (one written
  // before `asked`, or a desk's own articles) is weighed by what was fit for articles read alone
  // (`DEFAULT_HYBRID.alone`, GATE_ALONE). With the phrased weights it lost 68 answerable requests to
  // the gate (recall@5 0.881, MRR@10 0.822). Measured (npm run eval:search -- --without-asked):
  // recall@3 0.925, recall@5 0.949, MRR@10 0.883, 76.6 % of off-topic requests with none; en / de /
  // it recall@5 0.943 / 0.942 / 0.969 (held out 0.929 / 0.952 / 0.886 / 75.7 %: session 15's point).
  it('keep their quality on a knowledge base whose articles do not say how people ask', async () => {
    const { metrics, offTopic, runs } = await evaluateReadAs(articles.map((a) => ({ ...a, asked: [] })));
    expect(metrics.recall3).toBeGreaterThanOrEqual(0.92);
    expect(metrics.recall5).toBeGreaterThanOrEqual(0.945);
    expect(metrics.mrr10).toBeGreaterThanOrEqual(0.88);
    expect(offTopic.noSuggestion).toBeGreaterThanOrEqual(0.76);
    const recall5 = (lang: string) => scoreRankings(runs.filter((r) => r.lang === lang)).recall5;
    // Session 20: the gate refit after the German and Italian tables grew gave English 0.943 → 0.937
    // (two requests) for 68.4 → 71.9 % of English off-topic requests with none; German 0.950 → 0.957,
    // Italian 0.969 → 0.985. Held out, recall@5 of the whole did not move (0.954).
    expect(recall5('en')).toBeGreaterThanOrEqual(0.935);
    expect(recall5('de')).toBeGreaterThanOrEqual(0.95);
    expect(recall5('it')).toBeGreaterThanOrEqual(0.975);
  }, 180_000);

  // A score is how well the article fits, so a list reads best first whichever ranking answered: the
  // lexical one orders by rank fusion, and its relative bm25 went up and down along the list.
  it('score their suggestions in the order they list them, lexical and hybrid alike', async () => {
    for (const c of cases.filter((_, i) => i % 8 === 0))
      for (const hybrid of [null, undefined]) {
        const { results } = await suggestArticles(sources, requestInput(c), EMPLOYEE, { hybrid });
        for (let i = 1; i < results.length; i++)
          expect(
            results[i]!.score,
            `${c.query} (${hybrid === null ? 'lexical' : 'hybrid'})`,
          ).toBeLessThanOrEqual(results[i - 1]!.score);
      }
  });

  // Session 18: a knowledge base of both kinds (phrasings written for some articles only) ranked the
  // phrased ones first, because the best of many phrasings runs higher than one vector for the same
  // fit; an article read alone adds `DEFAULT_HYBRID.alone.offset` to its cosine. Measured (npm run
  // eval:search -- --half-asked --offsets), MRR@10 of the requests answered by the half read alone /
  // the phrased half / all, off-topic with none: offset 0 0.828 / 0.923 / 0.873, 79.4 %; 0.08 0.850 /
  // 0.917 / 0.882, 77.6 % (each half read on its own: 0.878 and 0.914).
  it('rank articles read alone and phrased ones on one scale in a knowledge base of both', async () => {
    const halfA = new Set(
      articles
        .map((a) => a.slug)
        .sort()
        .filter((_, i) => i % 2 === 1),
    );
    const { metrics, offTopic, runs } = await evaluateReadAs(
      articles.map((a) => (halfA.has(a.slug) ? { ...a, asked: [] } : a)),
    );
    const answeredBy = (alone: boolean) =>
      scoreRankings(runs.filter((r) => r.relevant.length > 0 && halfA.has(r.relevant[0]!) === alone));
    expect(answeredBy(true).mrr10).toBeGreaterThanOrEqual(0.845);
    expect(answeredBy(false).mrr10).toBeGreaterThanOrEqual(0.91);
    expect(metrics.recall5).toBeGreaterThanOrEqual(0.95);
    expect(metrics.mrr10).toBeGreaterThanOrEqual(0.875);
    expect(offTopic.noSuggestion).toBeGreaterThanOrEqual(0.76);
  }, 180_000);

  it('learn from the earlier half of the requests and rank the later half better', async () => {
    const half = Math.floor(cases.length / 2);
    const later = cases.slice(half);
    const before = await evaluateSuggestions(lexical, later, { fusion: { ...DEFAULT_FUSION, learned: 0 } });
    const hybridBefore = await evaluateSuggestions(sources, later);
    teachFromCases(sources.db, cases.slice(0, half));
    try {
      const after = await evaluateSuggestions(lexical, later);
      const hybridAfter = await evaluateSuggestions(sources, later);
      // Measured (npm run eval:search, session 14): lexical MRR@10 0.886 → 0.907, hybrid 0.899 → 0.907.
      // Session 16, articles read with how people ask (decision 018): hybrid 0.932 → 0.937. Session 19,
      // common words no longer "corrected" into the knowledge base's: lexical 0.886 → 0.910, hybrid
      // 0.947 → 0.945 (R@5 0.984 both; one place up or down for 13 requests), so the hybrid ranking
      // is held to not losing by it. Session 26, a phrasing counted by the share of the request it
      // says: lexical 0.894 → 0.907, hybrid 0.944 → 0.944 (R@5 0.980 → 0.984).
      expect(after.metrics.mrr10).toBeGreaterThanOrEqual(before.metrics.mrr10 + 0.01);
      expect(after.metrics.recall5).toBeGreaterThanOrEqual(before.metrics.recall5);
      expect(hybridAfter.metrics.recall5).toBeGreaterThanOrEqual(hybridBefore.metrics.recall5);
      expect(hybridAfter.metrics.mrr10).toBeGreaterThanOrEqual(hybridBefore.metrics.mrr10 - 0.005);
    } finally {
      forgetAllPhrasings(sources.db);
    }
  }, 120_000);

  it('lose nothing by learning on requests written apart (tests/fixtures/recall-check.jsonl, by a time split)', async () => {
    // Each of its articles is asked for in other words each time: a solved request shares a word or
    // two with the next one, and before session 26 that lifted the neighbouring article (lexical
    // MRR@10 0.892 → 0.838, hybrid 0.941 → 0.923). Now 0.892 and 0.941 both.
    const written = readQualitySet(path.resolve('tests/fixtures/recall-check.jsonl'));
    const half = Math.floor(written.length / 2);
    const later = written.slice(half);
    const before = await evaluateSuggestions(lexical, later, { fusion: { ...DEFAULT_FUSION, learned: 0 } });
    const hybridBefore = await evaluateSuggestions(sources, later, {
      hybrid: { ...DEFAULT_HYBRID, learned: 0 },
    });
    teachFromCases(sources.db, written.slice(0, half));
    try {
      const after = await evaluateSuggestions(lexical, later);
      const hybridAfter = await evaluateSuggestions(sources, later);
      expect(after.metrics.mrr10).toBeGreaterThanOrEqual(before.metrics.mrr10 - 0.005);
      expect(hybridAfter.metrics.mrr10).toBeGreaterThanOrEqual(hybridBefore.metrics.mrr10 - 0.005);
      expect(after.metrics.recall5).toBeGreaterThanOrEqual(before.metrics.recall5);
      expect(hybridAfter.metrics.recall5).toBeGreaterThanOrEqual(hybridBefore.metrics.recall5);
    } finally {
      forgetAllPhrasings(sources.db);
    }
  }, 120_000);
});
