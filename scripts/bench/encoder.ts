// The sentence encoder's numbers (docs/decisions/012-sentence-encoder.md), in about a minute:
//   node_modules/.bin/node scripts/bench/encoder.ts
// model load, query vectors one at a time and 16 concurrent, article vectors, this process's memory
// with and without the encoder thread, nearest neighbours over the starter KB and 10,000 synthetic
// vectors, all starter-KB vectors on a fresh database, and a web worker's round trip over IPC.
import cluster from 'node:cluster';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Article } from '#lib/content/load.ts';
import { loadContent } from '#lib/content/load.ts';
import { EMPLOYEE } from '#lib/content/store.ts';
import { migrate, openDatabase, type Db } from '#lib/db/db.ts';
import { articleEmbeddingText } from '#lib/embeddings/article-text.ts';
import { Encoder } from '#lib/embeddings/encoder.ts';
import { serveEncoderToWorkers } from '#lib/embeddings/encoder-ipc.ts';
import { DIMENSIONS } from '#lib/embeddings/model.ts';
import { nearestArticles } from '#lib/embeddings/vector-index.ts';
import { startVectorSync } from '#lib/embeddings/vector-sync.ts';
import { countVectors, storeVectors, syncVectorCatalogue } from '#lib/embeddings/vectors.ts';
import { articleVectorTexts } from '#lib/search/article-vector-texts.ts';
import { percentile } from './percentile.ts';

const rssMb = () => Math.round(process.memoryUsage().rss / 1024 / 1024);
const ms = (x: number) => `${x.toFixed(1)} ms`;
const row = (name: string, value: string) => console.log(`${name.padEnd(58)} ${value}`);
async function timed<T>(fn: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const result = await fn();
  return [result, performance.now() - t];
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'fixpoint-encoder-bench-'));
const freshDb = (name: string): Db => {
  const db = openDatabase(path.join(root, `${name}.db`));
  migrate(db);
  return db;
};
const { articles } = loadContent(path.resolve('content'));
const queries = fs
  .readFileSync('tests/fixtures/search-quality.jsonl', 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { query: string }).query);

async function measureQueries(encoder: Encoder): Promise<void> {
  // The same 96 requests both ways, each text new to the cache (a suffix per run).
  const texts = queries.slice(0, 96);
  const single: number[] = [];
  for (const q of texts)
    single.push((await timed(() => encoder.embedQueries([`${q} (a)`], { timeoutMs: 60_000 })))[1]);
  const mean = single.reduce((a, b) => a + b, 0) / single.length;
  row(
    'query, one at a time: mean / p50 / p95',
    `${ms(mean)} / ${ms(percentile(single, 50))} / ${ms(percentile(single, 95))}`,
  );
  const perQuery: number[] = [];
  const latency: number[] = [];
  for (let i = 0; i < texts.length; i += 16) {
    // 16 callers at once, as 16 employees pausing together.
    const batch = texts.slice(i, i + 16).map((q) => `${q} (b)`);
    const [, total] = await timed(() =>
      Promise.all(
        batch.map(async (q) =>
          latency.push((await timed(() => encoder.embedQueries([q], { timeoutMs: 60_000 })))[1]),
        ),
      ),
    );
    perQuery.push(total / batch.length);
  }
  row(
    '16 concurrent queries: batch time / 16, p50 / p95',
    `${ms(percentile(perQuery, 50))} / ${ms(percentile(perQuery, 95))}`,
  );
  row(
    '16 concurrent queries: latency each caller sees p50 / p95',
    `${ms(percentile(latency, 50))} / ${ms(percentile(latency, 95))}`,
  );
  const [, cached] = await timed(() => encoder.embedQueries([`${texts[0]} (a)`]));
  row('a repeated query (cache)', ms(cached));
}

async function measureArticles(encoder: Encoder): Promise<void> {
  const each: number[] = [];
  for (const a of articles)
    each.push((await timed(() => encoder.embedArticles([articleEmbeddingText(a)])))[1]);
  const chars = articles.reduce((sum, a) => sum + articleEmbeddingText(a).length, 0) / articles.length;
  row(
    `article (title+summary+headings+500 chars, ~${Math.round(chars)} chars): mean / p95`,
    `${ms(each.reduce((a, b) => a + b, 0) / each.length)} / ${ms(percentile(each, 95))}`,
  );
  const db = freshDb('starter');
  syncVectorCatalogue(db, articles, articleVectorTexts);
  const [, all] = await timed(async () => {
    const sync = startVectorSync(db, encoder, () => articles, { textsOf: articleVectorTexts });
    await sync.idle();
    sync.stop();
  });
  row(
    `all ${articles.length} starter-KB vectors, fresh database (first start)`,
    `${(all / 1000).toFixed(1)} s`,
  );
  const q = (await encoder.embedQueries(['I forgot my password']))[0]!;
  const [, first] = await timed(() => nearestArticles(db, q, EMPLOYEE, 10));
  const times: number[] = [];
  for (let i = 0; i < 1000; i++) times.push((await timed(() => nearestArticles(db, q, EMPLOYEE, 10)))[1]);
  row(
    `nearest 10 of ${articles.length} (index read ${ms(first)}): p50 / p95`,
    `${(percentile(times, 50) * 1000).toFixed(0)} µs / ${(percentile(times, 95) * 1000).toFixed(0)} µs`,
  );
}

function randomUnit(): Float32Array {
  const v = Float32Array.from({ length: DIMENSIONS }, () => Math.random() - 0.5);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

async function measureTenThousand(): Promise<void> {
  const db = freshDb('synthetic');
  const base = articles[0]!;
  const synthetic: Article[] = Array.from({ length: 10_000 }, (_, i) => ({
    ...base,
    slug: `synthetic-${i}`,
    title: `Synthetic ${i}`,
  }));
  const [, firstSync] = await timed(() => syncVectorCatalogue(db, synthetic, articleVectorTexts));
  const [, againSync] = await timed(() => syncVectorCatalogue(db, synthetic, articleVectorTexts));
  row('catalogue of 10,000 articles: first start / a later start', `${ms(firstSync)} / ${ms(againSync)}`);
  // Three phrasings each (front matter `asked`), as the generated knowledge base of the suggestion rows.
  const rows = synthetic.map((a) => ({
    slug: a.slug,
    textHash: '',
    vector: randomUnit(),
    asked: [randomUnit(), randomUnit(), randomUnit()],
  }));
  // The catalogue's hashes are of the synthetic texts: store against them.
  const hashes = db.prepare('SELECT slug, text_hash FROM article_vectors').raw().all() as Array<
    [string, string]
  >;
  const hashOf = new Map(hashes);
  storeVectors(
    db,
    rows.map((r) => ({ ...r, textHash: hashOf.get(r.slug)! })),
  );
  const counts: number[] = [];
  for (let i = 0; i < 20; i++) counts.push((await timed(() => countVectors(db)))[1]);
  row('counting ready vectors of 10,000 (each /healthz): p50', ms(percentile(counts, 50)));
  const q = randomUnit();
  const [, first] = await timed(() => nearestArticles(db, q, EMPLOYEE, 10));
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const query = randomUnit();
    times.push((await timed(() => nearestArticles(db, query, EMPLOYEE, 10)))[1]);
  }
  row(
    `nearest 10 of 10,000 synthetic, 3 phrasings each (index read ${ms(first)}): p50 / p95`,
    `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}`,
  );
}

async function measureIpc(encoder: Encoder): Promise<void> {
  const stop = serveEncoderToWorkers(encoder);
  cluster.setupPrimary({ exec: path.resolve('tests/support/encoder-worker.ts'), execArgv: [] });
  const worker = cluster.fork();
  let id = 0;
  const ask = (message: object) =>
    new Promise<{ id: number; status?: string }>((resolve) => {
      const mine = ++id;
      const listen = (answer: { id: number; status?: string }) =>
        answer.id === mine && (worker.off('message', listen), resolve(answer));
      worker.on('message', listen);
      worker.send({ ...message, id: mine });
    });
  while ((await ask({ type: 'test:status' })).status !== 'ready') await new Promise((r) => setTimeout(r, 50));
  const viaIpc: number[] = [];
  const local: number[] = [];
  for (const [i, q] of queries.slice(0, 60).entries()) {
    viaIpc.push(
      (await timed(() => ask({ type: 'test:embed', texts: [`${q} ipc ${i}`], timeoutMs: 60_000 })))[1],
    );
    local.push((await timed(() => encoder.embedQueries([`${q} local ${i}`], { timeoutMs: 60_000 })))[1]);
  }
  row(
    'query from a web worker over IPC vs in the owner: p50',
    `${ms(percentile(viaIpc, 50))} vs ${ms(percentile(local, 50))}`,
  );
  stop();
  await new Promise((resolve) => (worker.once('exit', resolve), worker.kill()));
}

const before = rssMb();
const [encoder, wall] = await timed(async () => {
  const e = new Encoder();
  await e.whenReady();
  return e;
});
row(
  'model load and warm-up, in its thread (wall time to ready)',
  `${encoder.loadMs} ms (${Math.round(wall)} ms)`,
);
const loaded = rssMb();
await measureQueries(encoder);
await measureArticles(encoder);
const used = rssMb();
await measureIpc(encoder);
await encoder.close();
await new Promise((r) => setTimeout(r, 500));
row(
  'this process RSS: without / loaded / after the work / closed',
  `${before} / ${loaded} / ${used} / ${rssMb()} MB`,
);
await measureTenThousand();
fs.rmSync(root, { recursive: true, force: true });
