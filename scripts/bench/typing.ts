// Employees typing at /help, as the page's script calls /api/suggest: each simulated employee types one
// request of tests/fixtures/search-quality.jsonl after another (subject, then description), with a new
// request id for each, and sends the text typed so far at every pause (every 3 to 8 characters, more
// often at a word's end; nothing under 3 characters, as the page). Every employee has its own keep-alive
// connection and waits for each answer before typing on: at 60 words a minute (the characters since the
// last call take 200 ms each), and flat out (the next call as soon as the answer is there). As the page
// does, an answer that says `refining` (ranked before the text's own sentence vector was ready) is asked
// again 150 ms later (then 300 and 600 ms after each further `refining`) when the next keystroke is
// further away than that (at 60 wpm it usually is, flat out never); those calls count too.
// `npm run bench` measures it on the starter KB and on 10,000 articles, next to the same texts sent to
// Meilisearch directly (the two take turns, in four slices each). Alone, against the starter KB (~5 min):
//   node_modules/.bin/node scripts/bench/typing.ts [--seconds 10] [--connections 10] [--port 4389]
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { readQualitySet, requestInput } from '#lib/search/evaluate.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

/** What an employee's browser sends while typing `text`: the text up to each pause. */
export function pauses(text: string, random: () => number): string[] {
  const sent: string[] = [];
  let at = 0;
  while (at < text.length) {
    at = Math.min(text.length, at + 3 + Math.floor(random() * 6));
    // People pause between words more than inside them: half the pauses move on to the next space.
    if (random() < 0.5) {
      const space = text.indexOf(' ', at);
      if (space > 0 && space - at < 8) at = space;
    }
    if (text.slice(0, at).trim().length >= 3) sent.push(text.slice(0, at));
  }
  return sent;
}

/** The requests of the quality set as typed at /help: "subject\ndescription", or the one text. */
export function typedRequests(): string[] {
  return readQualitySet(path.join(root, 'tests/fixtures/search-quality.jsonl')).map((c) => {
    const { subject, description } = requestInput(c);
    return description ? `${subject}\n${description}` : subject;
  });
}

/** A small seeded generator: every run types the same pauses. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0;
    return s / 2 ** 32;
  };
}

/** What a call's answer said: its HTTP status, and whether it was not final yet (`refining`). */
export type Answer = { status: number; refining?: boolean };

export type TypingResult = {
  /** Every call's time, sorted (ms), re-asks included. */
  latencies: number[];
  calls: number;
  /** Calls whose answer said `refining`, and the re-asks made for them. */
  refining: number;
  reasked: number;
  /**
   * For each text that got its final answer: the time from its call (the pause after its last
   * keystroke) to that answer, sorted (ms): the first call's own time, or through the re-ask.
   */
  toFinal: number[];
  /** Texts sent, and those whose final answer never came (the next keystroke came first). */
  texts: number;
  neverFinal: number;
  /** Help requests typed to the end. */
  requests: number;
  errors: number;
  throughput: number;
  elapsedMs: number;
};

/** Runs of the same load, measured in turns, as one. */
function mergeRuns(runs: TypingResult[]): TypingResult {
  const sum = (pick: (r: TypingResult) => number) => runs.reduce((total, r) => total + pick(r), 0);
  const sorted = (pick: (r: TypingResult) => number[]) => runs.flatMap(pick).sort((a, b) => a - b);
  return {
    latencies: sorted((r) => r.latencies),
    toFinal: sorted((r) => r.toFinal),
    calls: sum((r) => r.calls),
    refining: sum((r) => r.refining),
    reasked: sum((r) => r.reasked),
    texts: sum((r) => r.texts),
    neverFinal: sum((r) => r.neverFinal),
    requests: sum((r) => r.requests),
    errors: sum((r) => r.errors),
    throughput: sum((r) => r.calls) / (sum((r) => r.elapsedMs) / 1000),
    elapsedMs: sum((r) => r.elapsedMs),
  };
}

/**
 * `connections` employees type for `seconds`. `call` sends one text (with the request's id) on the
 * employee's own keep-alive agent and resolves with the HTTP status.
 */
export async function typeRequests(options: {
  connections: number;
  seconds: number;
  texts: string[];
  call: (agent: http.Agent, text: string, requestId: string) => Promise<Answer>;
  /** Typing speed: the time each character takes before the next call (0: flat out, no pauses). */
  msPerChar?: number;
  /** The page's waits before asking again after each `refining` answer (help-suggestions.ts). */
  refineMs?: number[];
  /** Picks the pauses: runs with another seed type (mostly) other texts, not ones cached by an earlier run. */
  seed?: number;
  /** Employee n starts at request `offset + 37·n` of the texts. */
  offset?: number;
}): Promise<TypingResult> {
  const latencies: number[] = [];
  const toFinal: number[] = [];
  let requests = 0;
  let errors = 0;
  let refining = 0;
  let reasked = 0;
  let texts = 0;
  let neverFinal = 0;
  const msPerChar = options.msPerChar ?? 0;
  const refineMs = options.refineMs ?? [150, 300, 600];
  const until = performance.now() + options.seconds * 1000;
  const employee = async (n: number) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const random = seeded((options.seed ?? 0) + n + 1);
    let next = (options.offset ?? 0) + n * 37;
    try {
      while (performance.now() < until) {
        const text = options.texts[next++ % options.texts.length]!;
        const requestId = randomBytes(16).toString('base64url');
        let sent = 0;
        /** Time spent since the last answer on asking again (the next keystrokes were typed meanwhile). */
        let spent = 0;
        const typedTexts = pauses(text, random);
        for (const [i, typed] of typedTexts.entries()) {
          // The characters typed since the last call take their time (less the wait for its answer).
          const typing = (typed.length - sent) * msPerChar - spent;
          sent = typed.length;
          spent = 0;
          if (typing > 0) await new Promise((r) => setTimeout(r, typing));
          if (performance.now() >= until) return;
          const ask = async () => {
            const began = performance.now();
            const answer = await options.call(agent, typed, requestId).catch((): Answer => ({ status: 0 }));
            latencies.push(performance.now() - began);
            if (answer.status !== 200) errors++;
            return answer;
          };
          const began = performance.now();
          const first = await ask();
          texts++;
          if (!first.refining) {
            toFinal.push(performance.now() - began);
            continue;
          }
          refining++;
          // The next pause (for the request's last text, the next request's first: at least 3 characters).
          const gap = ((typedTexts[i + 1]?.length ?? typed.length + 3) - typed.length) * msPerChar;
          const answered = performance.now();
          let final = false;
          for (const wait of refineMs) {
            // The page asks again only when the next keystroke is further away than its wait.
            if (gap - (performance.now() - answered) <= wait) break;
            await new Promise((r) => setTimeout(r, wait));
            reasked++;
            final = !(await ask()).refining;
            if (final) break;
          }
          spent = performance.now() - answered;
          if (final) toFinal.push(performance.now() - began);
          else neverFinal++;
        }
        requests++;
      }
    } finally {
      agent.destroy();
    }
  };
  const began = performance.now();
  await Promise.all(Array.from({ length: options.connections }, (_, n) => employee(n)));
  const elapsedMs = performance.now() - began;
  latencies.sort((a, b) => a - b);
  toFinal.sort((a, b) => a - b);
  return {
    latencies,
    calls: latencies.length,
    refining,
    reasked,
    toFinal,
    texts,
    neverFinal,
    requests,
    errors,
    throughput: latencies.length / (elapsedMs / 1000),
    elapsedMs,
  };
}

/** One HTTP exchange on `agent`, body read to the end; resolves with the status. */
export function exchange(
  agent: http.Agent,
  url: string,
  options: { method?: 'GET' | 'POST'; headers?: Record<string, string>; body?: string } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { agent, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** One GET on `agent`; resolves with the status and the body. */
function exchangeText(
  agent: http.Agent,
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      res.on('error', reject);
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end();
  });
}

/** /api/suggest as the page calls it; `refining` as the answer says. */
export const suggestCall =
  (base: string, cookie: string) =>
  async (agent: http.Agent, text: string, requestId: string): Promise<Answer> => {
    const { status, body } = await exchangeText(
      agent,
      `${base}/api/suggest?q=${encodeURIComponent(text)}&rid=${requestId}`,
      { cookie, accept: 'application/json' },
    );
    return { status, refining: status === 200 && (JSON.parse(body) as { refining?: boolean }).refining };
  };

/** The same text sent straight to Meilisearch, as the portal's own search asks it. */
export const meilisearchCall =
  (engineUrl: string, key: string) =>
  async (agent: http.Agent, text: string): Promise<Answer> => ({
    status: await exchange(agent, `${engineUrl}/indexes/fixpoint_articles/search`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        q: text,
        limit: 5,
        filter: ['status = "published"', 'audience = "employees"'],
        attributesToHighlight: ['title', 'summary'],
      }),
    }),
  });

/** Resident memory of a process and its descendants (the portal's web workers, Meilisearch), in MB. */
export function residentMemory(pid: number): Array<{ pid: number; name: string; mb: number }> {
  const read = (p: number) => {
    try {
      const status = fs.readFileSync(`/proc/${p}/status`, 'utf8');
      const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?';
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      return { pid: p, name, mb: kb / 1024 };
    } catch {
      return null;
    }
  };
  const children = (p: number): number[] => {
    try {
      return fs
        .readFileSync(`/proc/${p}/task/${p}/children`, 'utf8')
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map(Number);
    } catch {
      return [];
    }
  };
  const all: number[] = [];
  const walk = (p: number) => {
    all.push(p);
    for (const c of children(p)) walk(c);
  };
  walk(pid);
  return all.map(read).filter((r): r is { pid: number; name: string; mb: number } => r !== null);
}

/**
 * CPU time (user and system, in ms) each process under `pid` has used so far, by pid, Meilisearch apart.
 * Unlike latency, it hardly moves with what else the machine runs, so it compares code between runs.
 */
export function cpuTimes(pid: number): { portal: number; meilisearch: number } {
  // /proc/<pid>/stat counts in clock ticks of 10 ms (CLK_TCK 100 on Linux).
  const used = (p: number) => {
    try {
      const fields = fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return 0; // gone meanwhile
    }
  };
  const totals = { portal: 0, meilisearch: 0 };
  for (const process of residentMemory(pid))
    totals[process.name === 'meilisearch' ? 'meilisearch' : 'portal'] += used(process.pid);
  return totals;
}

type Target = { base: string; cookie: string; engineUrl: string; meiliKey: string; pid: number };
type Recorder = (measure: string, value: number, unit: string) => void;

const at = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * Employees typing, against /api/suggest and against Meilisearch directly with the same texts, at
 * each concurrency; records p50/p95/p99, throughput, the p95 ratio, and every process's resident memory.
 */
export async function measureTyping(
  record: Recorder,
  label: string,
  target: Target,
  options: { connections: number; seconds: number },
): Promise<void> {
  const texts = typedRequests();
  const app = suggestCall(target.base, target.cookie);
  const direct = meilisearchCall(target.engineUrl, target.meiliKey);
  // Warm-up: the JIT, and FTS5's per-word scores for these words; pauses of its own, so that the
  // measured texts are not in the encoder's cache already (people rarely send the same text twice).
  await typeRequests({ connections: 4, seconds: 3, texts, call: app, seed: 1000 });
  await typeRequests({ connections: 4, seconds: 3, texts, call: direct, seed: 1000 });
  // People type about 60 words a minute (200 ms a character); "flat out" sends the next call as soon
  // as the answer arrives: the most a machine can take, not how a desk is used.
  // The two take turns (four slices each), so that what else the machine runs meanwhile weighs on both
  // alike; each slice types requests and pauses of its own. A slice of 30 s types two or three
  // requests (median 67 characters, 13 s at 60 wpm); shorter ones would cut most requests short.
  // With two slices Meilisearch's own p95 at 60 wpm moved between 4.3 and 7.1 ms from run to run on
  // 10,000 articles (~600 calls a side: the p95 is the 30th slowest), and the ratio with it.
  const loads = [
    { msPerChar: 200, how: 'typing at 60 wpm', slices: 4, seconds: options.seconds * 3, seed: 0 },
    { msPerChar: 0, how: 'typing flat out', slices: 4, seconds: options.seconds / 2, seed: 2000 },
  ];
  const { connections } = options;
  for (const { msPerChar, how, slices, seconds, seed } of loads) {
    const [appRuns, directRuns]: [TypingResult[], TypingResult[]] = [[], []];
    // CPU used by the portal's processes (web workers, the start process with the encoder thread,
    // its Meilisearch) while employees type at /api/suggest, and by Meilisearch while they type at it.
    const cpu = { app: 0, direct: 0 };
    for (let slice = 0; slice < slices; slice++) {
      const load = { connections, seconds, texts, msPerChar, seed: seed + 100 * slice, offset: 3 * slice };
      let before = cpuTimes(target.pid);
      appRuns.push(await typeRequests({ ...load, call: app }));
      let after = cpuTimes(target.pid);
      cpu.app += after.portal + after.meilisearch - before.portal - before.meilisearch;
      before = after;
      directRuns.push(await typeRequests({ ...load, call: direct }));
      after = cpuTimes(target.pid);
      cpu.direct += after.meilisearch - before.meilisearch;
    }
    const runs = [
      ['/api/suggest', mergeRuns(appRuns)],
      ['Meilisearch direct', mergeRuns(directRuns)],
    ] as const;
    for (const [name, run] of runs) {
      const row = `${label}: ${name}, ${connections} ${how}`;
      if (run.errors > 0) record(`${row}: calls not answered 200`, run.errors, 'requests');
      record(`${row}: throughput`, run.throughput, 'req/s');
      for (const p of [50, 95, 99]) record(`${row}: p${p}`, at(run.latencies, p), 'ms');
    }
    const answers = runs[0][1];
    const row = `${label}: /api/suggest, ${connections} ${how}`;
    record(`${row}: CPU per call, every process of the portal`, cpu.app / answers.calls, 'ms');
    record(
      `${label}: Meilisearch direct, ${connections} ${how}: CPU per call, Meilisearch`,
      cpu.direct / runs[1][1].calls,
      'ms',
    );
    // Final: ranked with the text's own vector (or needing none); the rest said `refining`.
    record(`${row}: calls answered final`, (100 * (answers.calls - answers.refining)) / answers.calls, '%');
    record(
      `${row}: texts answered final at their first call`,
      (100 * (answers.texts - answers.refining)) / answers.texts,
      '%',
    );
    record(`${row}: re-asks after "refining" (in the calls above)`, answers.reasked, 'calls');
    record(`${row}: texts whose final answer never came (next keystroke first)`, answers.neverFinal, 'texts');
    for (const p of [50, 95])
      record(`${row}: a text's call to its final answer, p${p}`, at(answers.toFinal, p), 'ms');
    record(
      `${label}: /api/suggest p95 ÷ Meilisearch direct p95, ${connections} ${how}`,
      at(runs[0][1].latencies, 95) / at(runs[1][1].latencies, 95),
      '×',
    );
  }
  for (const process of residentMemory(target.pid))
    record(`${label}: resident memory, ${process.name} (pid ${process.pid})`, process.mb, 'MB');
}

if (import.meta.main) {
  const { parseArgs } = await import('node:util');
  const { startPortal } = await import('./portal.ts');
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      port: { type: 'string', default: '4389' },
    },
  });
  const portal = await startPortal(Number(values.port));
  const record: Recorder = (measure, value, unit) =>
    console.log(`| ${measure} | ${value.toFixed(unit === 'ms' || unit === '×' ? 1 : 0)} ${unit} |`);
  console.log('| measure | value |\n| --- | --- |');
  record('first start to every article vector ready', await portal.vectorsReady(), 'ms');
  await measureTyping(
    record,
    'starter KB',
    { ...portal, meiliKey: portal.meiliKey() },
    { connections: Number(values.connections), seconds: Number(values.seconds) },
  );
  await portal.stop();
}
