import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadContent, type Article } from '#lib/content/load.ts';
import { EMPLOYEE, type Reader } from '#lib/content/store.ts';
import { migrate, openDatabase, type Db } from '#lib/db/db.ts';
import { articleFile, TEST_CATEGORIES, tempDir, writeTree } from '#test/temp.ts';
import { articleEmbeddingText, phrasingsAsWritten } from './article-text.ts';
import { Encoder } from './encoder.ts';
import { articleCosines, nearestArticles } from './vector-index.ts';
import { startVectorSync, type BulkEncoder } from './vector-sync.ts';
import { countVectors, pendingVectors, syncVectorCatalogue, updateVectorCatalogue } from './vectors.ts';

// The real model, loaded once for the file; real SQLite files.
let encoder: Encoder;
beforeAll(async () => {
  encoder = new Encoder();
  await encoder.whenReady();
});
afterAll(() => encoder.close());

const AGENT: Reader = { seesInternal: true, seesUnpublished: false };

const FILES: Record<string, string> = {
  'categories.json': TEST_CATEGORIES,
  'kb/reset-password.md': articleFile(
    { title: 'Reset your password', summary: 'Set a new password when you forgot the old one.' },
    'Open the self-service page and follow the steps.\n\n## Steps\n\n1. Ask for a code.\n',
  ),
  'kb/vpn-cannot-connect.md': articleFile(
    { title: 'VPN does not connect', summary: 'What to do when the VPN client fails.', category: 'network' },
    'Check your internet connection first.\n\n## Steps\n\n1. Restart the client.\n',
  ),
  'kb/printer-queue.md': articleFile(
    { title: 'Clear a stuck printer queue', summary: 'Documents wait forever in the queue.' },
    'Cancel every job and restart the spooler.\n',
  ),
  'kb/server-room-access.md': articleFile(
    { title: 'Server room badge access', summary: 'How agents open the server room.', audience: 'agents' },
    'Badge at the door; log the visit.\n',
  ),
  'kb/new-laptop-draft.md': articleFile(
    { title: 'Order a new laptop', summary: 'Request a replacement laptop.', status: 'draft' },
    'Fill in the hardware form.\n',
  ),
};

/** A content folder and a database in a temporary folder, and a way to load the articles again. */
function fixture(files = FILES) {
  const root = tempDir();
  const contentDir = writeTree(path.join(root, 'content'), files);
  const file = path.join(root, 'fixpoint.db');
  const open = () => {
    const db = openDatabase(file);
    migrate(db);
    return db;
  };
  let articles: Article[] = loadContent(contentDir).articles;
  return {
    contentDir,
    open,
    articles: () => articles,
    reload: () => (articles = loadContent(contentDir).articles),
  };
}

/** The shared encoder, counting the article texts it is asked for. */
function countingEncoder() {
  const counted = { texts: [] as string[] };
  return {
    counted,
    encoder: {
      get status() {
        return encoder.status;
      },
      whenReady: () => encoder.whenReady(),
      embedArticles: (texts: string[]) => {
        counted.texts.push(...texts);
        return encoder.embedArticles(texts);
      },
    },
  };
}

async function computeAll(db: Db, articles: () => Article[]) {
  const { counted, encoder: counting } = countingEncoder();
  const sync = startVectorSync(db, counting, articles, { textsOf: phrasingsAsWritten });
  await sync.idle();
  sync.stop();
  return counted.texts;
}

const queryOf = async (text: string) => (await encoder.embedQueries([text], { timeoutMs: 10_000 }))[0]!;

describe('article vectors', () => {
  it('are computed once: unchanged articles are skipped, a changed one is computed again, a removed one dropped', async () => {
    const kb = fixture();
    const db = kb.open();
    syncVectorCatalogue(db, kb.articles(), phrasingsAsWritten);
    expect(countVectors(db)).toEqual({ ready: 0, total: 5 });

    expect(await computeAll(db, kb.articles)).toHaveLength(5);
    expect(countVectors(db)).toEqual({ ready: 5, total: 5 });
    expect(pendingVectors(db)).toEqual([]);

    // Loaded again, nothing changed: nothing to compute.
    syncVectorCatalogue(db, kb.reload(), phrasingsAsWritten);
    expect(await computeAll(db, kb.articles)).toEqual([]);

    // One article's text changes, another is removed.
    const before = kb.articles();
    fs.writeFileSync(
      path.join(kb.contentDir, 'kb/printer-queue.md'),
      articleFile(
        { title: 'Printer prints blank pages', summary: 'Pages come out empty.' },
        'Replace the toner.\n',
      ),
    );
    fs.rmSync(path.join(kb.contentDir, 'kb/vpn-cannot-connect.md'));
    const after = kb.reload();
    const changed = after.filter((a) => !before.includes(a));
    updateVectorCatalogue(
      db,
      changed,
      before.filter((a) => !after.includes(a)).map((a) => a.slug),
      phrasingsAsWritten,
    );
    expect(countVectors(db)).toEqual({ ready: 3, total: 4 });
    const computed = await computeAll(db, kb.articles);
    expect(computed).toEqual([articleEmbeddingText(after.find((a) => a.slug === 'printer-queue')!)]);
    expect(countVectors(db)).toEqual({ ready: 4, total: 4 });
    const nearest = nearestArticles(db, await queryOf('the printer gives me empty sheets'), EMPLOYEE, 1);
    expect(nearest.map((n) => n.slug)).toEqual(['printer-queue']);
    expect(nearestArticles(db, await queryOf('vpn fails'), AGENT, 10).map((n) => n.slug)).not.toContain(
      'vpn-cannot-connect',
    );
  });

  it('read the ways people ask with the article: closer to how they put it, computed again when a phrasing changes', async () => {
    const kb = fixture();
    const db = kb.open();
    syncVectorCatalogue(db, kb.articles(), phrasingsAsWritten);
    await computeAll(db, kb.articles);
    const colloquial = await queryOf('my stuff just sits there and never comes out of the machine');
    const [plain] = articleCosines(db, colloquial, EMPLOYEE, ['printer-queue']).values();
    const file = path.join(kb.contentDir, 'kb/printer-queue.md');
    const asked = ['my documents never come out of the printer', 'nothing prints, it just sits there'];
    fs.writeFileSync(
      file,
      fs.readFileSync(file, 'utf8').replace(/^tags: .*$/m, `$&\nasked: ${JSON.stringify(asked)}`),
    );
    syncVectorCatalogue(db, kb.reload(), phrasingsAsWritten);
    const computed = await computeAll(db, kb.articles);
    const article = kb.articles().find((a) => a.slug === 'printer-queue')!;
    // The article's own text, then its phrasings: one vector from all three.
    expect(computed).toEqual([articleEmbeddingText(article), ...asked]);
    expect(countVectors(db)).toEqual({ ready: 5, total: 5 });
    const [withAsked] = articleCosines(db, colloquial, EMPLOYEE, ['printer-queue']).values();
    expect(withAsked!).toBeGreaterThan(plain! + 0.05);
    // The scan over every article and the lookup of a few agree (both add the best phrasing's cosine).
    const nearest = nearestArticles(db, colloquial, EMPLOYEE, 5).find((n) => n.slug === 'printer-queue');
    expect(nearest?.cosine).toBeCloseTo(withAsked!, 5);
    // Unchanged: nothing computed again.
    syncVectorCatalogue(db, kb.reload(), phrasingsAsWritten);
    expect(await computeAll(db, kb.articles)).toEqual([]);
  });

  it('are reused after a restart: a new connection to the same file computes nothing', async () => {
    const kb = fixture();
    const first = kb.open();
    syncVectorCatalogue(first, kb.articles(), phrasingsAsWritten);
    await computeAll(first, kb.articles);
    first.close();

    const restarted = kb.open();
    syncVectorCatalogue(restarted, kb.reload(), phrasingsAsWritten);
    expect(await computeAll(restarted, kb.articles)).toEqual([]);
    expect(countVectors(restarted)).toEqual({ ready: 5, total: 5 });
    const nearest = nearestArticles(restarted, await queryOf('I forgot my password'), EMPLOYEE, 1);
    expect(nearest[0]).toMatchObject({ slug: 'reset-password', type: 'article' });
    expect(nearest[0]!.cosine).toBeGreaterThan(0.3);
  });

  it('never give a reader an internal or draft article, even when the query is its own text', async () => {
    const kb = fixture();
    const db = kb.open();
    syncVectorCatalogue(db, kb.articles(), phrasingsAsWritten);
    await computeAll(db, kb.articles);
    for (const slug of ['server-room-access', 'new-laptop-draft']) {
      const own = kb.articles().find((a) => a.slug === slug)!;
      const query = await queryOf(articleEmbeddingText(own));
      const forEmployees = nearestArticles(db, query, EMPLOYEE, 10).map((n) => n.slug);
      expect(forEmployees).toHaveLength(3);
      expect(forEmployees).not.toContain('server-room-access');
      expect(forEmployees).not.toContain('new-laptop-draft');
      expect([...articleCosines(db, query, EMPLOYEE, [slug]).keys()]).toEqual([]);
      const forAgents = nearestArticles(db, query, AGENT, 10).map((n) => n.slug);
      expect(forAgents).toContain('server-room-access');
      expect(forAgents).not.toContain('new-laptop-draft');
    }
  });

  it('answer a repeated vector from the latest scans, the spread of cosines included, and never share an answer between readers', async () => {
    const kb = fixture();
    const db = kb.open();
    syncVectorCatalogue(db, kb.articles(), phrasingsAsWritten);
    await computeAll(db, kb.articles);
    const query = await queryOf('forgot my password');
    const first = { mean: 0, sd: 0 };
    const scanned = nearestArticles(db, query, EMPLOYEE, 3, first);
    const again = { mean: 0, sd: 0 };
    // A copy of the same vector, as each call gets (a typed text's kept vector is copied out).
    const repeated = nearestArticles(db, query.slice(), EMPLOYEE, 3, again);
    expect(repeated).toEqual(scanned);
    expect(again).toEqual(first);
    expect(first.sd).toBeGreaterThan(0);
    // What a caller does with its answer cannot change the kept one.
    scanned[0]!.slug = 'changed-by-the-caller';
    repeated[0]!.slug = 'changed-by-the-caller';
    expect(nearestArticles(db, query, EMPLOYEE, 3)[0]!.slug).toBe('reset-password');
    const forAgents = nearestArticles(db, query, AGENT, 10).map((n) => n.slug);
    expect(forAgents).toContain('server-room-access');
    expect(nearestArticles(db, query, EMPLOYEE, 10).map((n) => n.slug)).not.toContain('server-room-access');
  });

  it('follow a change of who may read an article at once, in every connection, before any vector is computed again', async () => {
    const kb = fixture();
    const writer = kb.open();
    const reader = kb.open(); // another process: a web worker
    syncVectorCatalogue(writer, kb.articles(), phrasingsAsWritten);
    await computeAll(writer, kb.articles);
    const query = await queryOf('forgot my password');
    expect(nearestArticles(reader, query, EMPLOYEE, 1)[0]!.slug).toBe('reset-password');

    const reset = kb.articles().find((a) => a.slug === 'reset-password')!;
    updateVectorCatalogue(writer, [{ ...reset, status: 'draft' }], [], phrasingsAsWritten);
    expect(nearestArticles(reader, query, EMPLOYEE, 5).map((n) => n.slug)).not.toContain('reset-password');
    // Only who may read it changed, not its text: the vector stays valid.
    expect(countVectors(writer)).toEqual({ ready: 5, total: 5 });

    updateVectorCatalogue(writer, [reset], [], phrasingsAsWritten);
    expect(nearestArticles(reader, query, EMPLOYEE, 1)[0]!.slug).toBe('reset-password');
    expect(articleCosines(reader, query, EMPLOYEE, ['reset-password', 'printer-queue', 'nope']).size).toBe(2);
  });

  it('reach other connections as they are stored, and articles without a vector yet are left out', async () => {
    const kb = fixture();
    const writer = kb.open();
    const reader = kb.open();
    syncVectorCatalogue(writer, kb.articles(), phrasingsAsWritten);
    const query = await queryOf('forgot my password');
    expect(nearestArticles(reader, query, EMPLOYEE, 5)).toEqual([]);
    await computeAll(writer, kb.articles);
    expect(nearestArticles(reader, query, EMPLOYEE, 5)).toHaveLength(3);
    // Removed: gone from the reader's index too.
    updateVectorCatalogue(writer, [], ['reset-password'], phrasingsAsWritten);
    expect(nearestArticles(reader, query, EMPLOYEE, 5).map((n) => n.slug)).toEqual([
      expect.not.stringMatching(/^reset-password$/),
      expect.not.stringMatching(/^reset-password$/),
    ]);
  });
});

describe('a large backlog of article vectors', () => {
  // 40 articles: three chunks of 16 and less, so a second thread has chunks to take.
  const MANY: Record<string, string> = {
    'categories.json': TEST_CATEGORIES,
    ...Object.fromEntries(
      Array.from({ length: 40 }, (_, i) => [
        `kb/topic-${i}.md`,
        articleFile({ title: `Topic number ${i}`, summary: `Steps for case ${i}.` }, `Do step ${i}.\n`),
      ]),
    ),
  };

  /** A second encoder thread of its own (the real model), counting its texts; `dieAfter` closes it mid-run. */
  function secondThread({ dieAfter = Infinity } = {}) {
    const made = { starts: 0, texts: [] as string[], closed: 0 };
    const bulk: BulkEncoder = {
      minPending: 20,
      start: () => {
        made.starts++;
        const second = new Encoder();
        return {
          get status() {
            return second.status;
          },
          whenReady: (ms?: number) => second.whenReady(ms),
          embedArticles: (texts: string[]) => {
            made.texts.push(...texts);
            if (made.texts.length > dieAfter) void second.close();
            return second.embedArticles(texts);
          },
          close: () => {
            made.closed++;
            return second.close();
          },
        };
      },
    };
    return { made, bulk };
  }

  async function compute(db: Db, articles: () => Article[], bulk: BulkEncoder) {
    const { counted, encoder: counting } = countingEncoder();
    const [said, warnings] = [[] as string[], [] as string[]];
    const sync = startVectorSync(db, counting, articles, {
      textsOf: phrasingsAsWritten,
      bulk,
      log: (m) => said.push(m),
      warn: (m) => warnings.push(m),
    });
    await sync.idle();
    sync.stop();
    return { shared: counted.texts, said, warnings };
  }

  it('shares the work with a second encoder thread, closed when done, and the vectors are the same', async () => {
    const kb = fixture(MANY);
    const db = kb.open();
    syncVectorCatalogue(db, kb.articles(), phrasingsAsWritten);
    const { made, bulk } = secondThread();
    const { shared, said, warnings } = await compute(db, kb.articles, bulk);
    expect(warnings).toEqual([]);
    expect(said).toEqual([
      'Article vectors: 40 to compute; a second encoder thread helps until they are done.',
      expect.stringMatching(/^Article vectors: 40 computed in [\d.]+ s; 40 of 40 ready\.$/),
    ]);
    expect(made).toMatchObject({ starts: 1, closed: 1 });
    // Chunks of 16: the second thread takes the second one as it loads, the shared encoder the others.
    expect(made.texts).toHaveLength(16);
    expect(shared).toHaveLength(24);
    expect(new Set([...shared, ...made.texts]).size).toBe(40);
    expect(countVectors(db)).toEqual({ ready: 40, total: 40 });
    // A vector from the second thread ranks as the shared encoder's would.
    const fromSecond = kb.articles().find((a) => made.texts.includes(articleEmbeddingText(a)))!;
    const nearest = nearestArticles(db, await queryOf(articleEmbeddingText(fromSecond)), EMPLOYEE, 1);
    expect(nearest[0]).toMatchObject({ slug: fromSecond.slug });
    expect(nearest[0]!.cosine).toBeGreaterThan(0.99);

    // One article changed: below the minimum, the shared encoder alone.
    const changed = { ...kb.articles()[0]!, summary: 'Something else entirely.' };
    updateVectorCatalogue(db, [changed], [], phrasingsAsWritten);
    const again = await compute(db, () => [changed, ...kb.articles().slice(1)], bulk);
    expect(again.shared).toHaveLength(1);
    expect(made.starts).toBe(1);
  });

  it('goes on with the shared encoder when the second thread stops, and loses no article', async () => {
    const kb = fixture(MANY);
    const db = kb.open();
    syncVectorCatalogue(db, kb.articles(), phrasingsAsWritten);
    const { made, bulk } = secondThread({ dieAfter: 3 });
    const { shared, warnings } = await compute(db, kb.articles, bulk);
    expect(warnings).toEqual([expect.stringMatching(/second encoder thread stopped .*going on with one/)]);
    expect(made.closed).toBeGreaterThanOrEqual(1);
    expect(countVectors(db)).toEqual({ ready: 40, total: 40 });
    // The chunk the second thread had taken was not stored: the shared encoder computed it next.
    expect(shared).toHaveLength(40);
  });
});
