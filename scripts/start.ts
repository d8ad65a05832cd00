// `npm start`: migrate the database, start (or reach) Meilisearch, sync the knowledge base into it,
// then serve the portal from web workers (one per core; see docs/decisions/006). Ctrl-C / SIGTERM stop
// everything, the workers and the Meilisearch child included.
import cluster, { type Worker } from 'node:cluster';
import path from 'node:path';
import { interruptedRestoreProblem } from '#lib/backup/swap.ts';
import { ConfigError, parseConfig, type Config } from '#lib/config/config.ts';
import { getLogger } from '#lib/config/log.ts';
import { checkDataDir, makeDataDirPrivate, storageCause, usePrivateFileModes } from '#lib/config/data-dir.ts';
import { useRenderStore } from '#lib/content/load.ts';
import { prerenderContent } from '#lib/content/prerender.ts';
import { pruneRenderStore, sqliteRenderStore } from '#lib/content/render-store.ts';
import { getContent } from '#lib/content/store.ts';
import { seedDemoAccounts } from '#lib/auth/demo-accounts.ts';
import { generateDemoHistory } from '#lib/demo/generate.ts';
import { contentCatalog, seedDemoMacros } from '#lib/tickets/macros.ts';
import { pruneAuditLog } from '#lib/auth/audit.ts';
import { deleteExpiredSessions } from '#lib/auth/sessions.ts';
import { getDatabase, type Db } from '#lib/db/db.ts';
import { startEncoderService } from '#lib/embeddings/service.ts';
import { loadVectorIndex } from '#lib/embeddings/vector-index.ts';
import { articleVectorTexts } from '#lib/search/article-vector-texts.ts';
import { enqueueSearchUpdate } from '#lib/search/outbox.ts';
import { startSearchOutboxDrain, watchKnowledgeBase } from '#lib/search/refresh.ts';
import { pushTicketDocument, syncTicketIndex, ticketIndexName } from '#lib/tickets/similar.ts';
import { closeResolvedTickets, warnSlaAboutToBreach } from '#lib/tickets/workflow.ts';
import { learnFromSolves } from '#lib/knowledge/learning.ts';
import { createSearchClient } from '#lib/search/client.ts';
import { SearchEngineError, startSearchEngine, type SearchEngine } from '#lib/search/engine.ts';
import { loadFtsPostings, rebuildFtsIndex } from '#lib/search/fts.ts';
import { indexedTexts } from '#lib/search/texts.ts';
import { buildVocabulary } from '#lib/search/spelling.ts';
import { syncArticles } from '#lib/search/sync.ts';
import { MailCatcherError, startMailCatcher, type MailCatcher } from '#lib/mail/catcher.ts';
import { startMailDrain } from '#lib/mail/drain.ts';
import { queueNotificationMails } from '#lib/mail/notification-mail.ts';
import { receiveMail } from '#lib/mail/inbound.ts';
import { startInboundSmtp, type InboundSmtp } from '#lib/mail/smtp-listener.ts';
import { startImapPoller, type ImapPoller } from '#lib/mail/imap-poller.ts';
import { suggestFromKnowledgeBase } from '#lib/search/site-suggest.ts';
import { buildIfStale, builtRendererStamp } from './build-if-stale.ts';
import { flushAndCloseDatabases, startWebServer, type WebServer } from './web-server.ts';

const started = performance.now();
// Start-up and background-job messages go to the log (JSON lines; readable in development) and are
// shown at least at `info`, whatever LOG_LEVEL says: "Fixpoint is ready" is what operators and tests
// wait for. A refusal to start (`fail`) stays a plain sentence on stderr, for the person at the terminal.
const baseLog = getLogger();
const log = baseLog.child({}, { level: baseLog.isLevelEnabled('info') ? baseLog.level : 'info' });
const say = (message: string) => log.info(message);
const fail = (message: string): never => {
  console.error(`\n${message}\n`);
  process.exit(1);
};

function loadConfig(): Config {
  try {
    return parseConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}
const config = loadConfig();
const dataDirProblem = checkDataDir(config.dataDir);
if (dataDirProblem) fail(dataDirProblem);
// A restore that is running or was cut short leaves DATA_DIR half replaced: never serve from that.
const restoreProblem = interruptedRestoreProblem(config.dataDir);
if (restoreProblem) fail(restoreProblem);
const privacy = makeDataDirPrivate(config.dataDir);
if ('problem' in privacy) fail(privacy.problem);
else if (privacy.changed.length > 0)
  log.info(
    `Made ${privacy.changed.length} file(s) and folder(s) in DATA_DIR (${config.dataDir}) readable by this user only; other users could read them before.`,
  );

buildIfStale();
// Private from here on (the workers and Meilisearch inherit it); after the build, so dist/ keeps the
// usual modes for a web server in front that serves dist/client.
usePrivateFileModes();

// Opens and migrates the database now, so a broken file stops the start rather than the first page.
function openDatabaseOrExit(): Db {
  try {
    return getDatabase(config.databasePath);
  } catch (error) {
    const cause = storageCause(error);
    if (cause)
      return fail(
        `Cannot open the database ${config.databasePath}: ${cause}. Nothing in it was changed. Fix: give DATA_DIR free space and write access (or point DATA_DIR at a folder that has them), then start again.`,
      );
    return fail(
      `Cannot open the database ${config.databasePath}: ${(error as Error).message}. Fix: restore it from a backup, or move it away to start with an empty one.`,
    );
  }
}
const db = openDatabaseOrExit();
// Renders are kept in the database for this renderer: a restart, or an upgrade that leaves the
// renderer alone, renders only articles that changed.
useRenderStore(sqliteRenderStore(db, builtRendererStamp()));
const loadStarted = performance.now();
// What is not rendered yet (a first start, a new renderer) is rendered on every core first.
const prerendered = await prerenderContent(config.contentDir, { warn: (message) => log.warn(message) });
const content = getContent(config.contentDir);
pruneRenderStore(db, new Set([...content.articles, ...content.translations].map((a) => a.renderKey)));
log.info(
  `Knowledge base: ${content.articles.length} articles from ${config.contentDir} (loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s${prerendered ? `; ${prerendered} bodies rendered on every core first` : ''})`,
);
for (const p of content.problems)
  log.warn(`  skipped ${p.file}${p.field ? ` (${p.field})` : ''}: ${p.message}`);
rebuildFtsIndex(db, indexedTexts(content));
// Suggestions rank from the postings in memory (read in the background on a large KB, ~4 s on 10,000
// articles). Serving alone, this process reads them now; beside web workers it ranks only inbound
// mail, and reads them when the first mail asks (sparing ~50 MB and a core's seconds at the start).
if (config.webWorkers <= 1) {
  loadFtsPostings(db);
  loadVectorIndex(db); // as a web worker does (web-worker.ts)
}
// The sentence encoder loads on its own thread; article vectors are computed in the background once
// the portal serves (see ready()): lexical suggestions serve from the first page, vectors join as they arrive.
const encoder = startEncoderService(db, () => getContent(config.contentDir).articles, {
  serveWorkers: config.webWorkers > 1,
  textsOf: articleVectorTexts,
  log: say,
  warn: (message) => log.warn(message),
});
// Built now rather than on the first suggestion (the server shares it: see spelling.ts).
buildVocabulary(content.articles);

deleteExpiredSessions(db);
const demo = await seedDemoAccounts(db, config.dataDir, config.env);
if (demo) {
  console.log('\nDemo accounts (shown once; also in DATA_DIR/demo-accounts.txt, readable only by you):');
  for (const d of demo) console.log(`  ${d.roles.join('+').padEnd(15)} ${d.email.padEnd(28)} ${d.password}`);
  console.log('');
  // Shared macros for the reply box (Issue 18, decision 043).
  seedDemoMacros(db, contentCatalog(content, config.publicUrl));
  // A first look at the reports should show something: 90 days of a small desk's history (about 2 s).
  try {
    const history = generateDemoHistory(db, config.contentDir, {
      days: 90,
      autoCloseDays: config.autoCloseDays,
    });
    log.info(
      `Demo history: ${history.requests} help requests and ${history.tickets} tickets over 90 days (npm run demo:generate makes more).`,
    );
  } catch (error) {
    log.warn(`No demo history: ${(error as Error).message}`);
  }
}

let engine: SearchEngine | undefined;
try {
  engine = await startSearchEngine(config, say);
} catch (error) {
  if (error instanceof SearchEngineError) fail(error.message);
  throw error;
}
log.info(
  `Search: ${engine.managed ? `managed Meilisearch at ${engine.url}` : `Meilisearch at ${engine.url}`}`,
);

// The web server reads the engine's address like any external one.
process.env.MEILI_URL = engine.url;
if (engine.apiKey) process.env.MEILI_API_KEY = engine.apiKey;

try {
  const report = await syncArticles(
    createSearchClient(engine, 30_000),
    `${config.meili.indexPrefix}articles`,
    indexedTexts(content),
  );
  log.info(
    `Index: ${report.added} added, ${report.updated} updated, ${report.removed} removed, ${report.unchanged} unchanged in ${report.ms} ms`,
  );
} catch (error) {
  enqueueSearchUpdate(db, 'articles');
  log.warn(
    `Could not sync the search index (${(error as Error).message}); pages work, and the index catches up when the engine answers.`,
  );
}
// Updates the engine missed (it was down, or this process died before it confirmed) are applied when it answers.
startSearchOutboxDrain(
  db,
  config.contentDir,
  { ticket: (ticketId, client) => pushTicketDocument(db, ticketId, client) },
  { log: say },
);

// Outgoing mail: SMTP_URL, or in development (NODE_ENV unset) a local catcher whose inbox is printed.
let catcher: MailCatcher | undefined;
if (!config.mail.smtpUrl && config.env === 'development') {
  try {
    catcher = await startMailCatcher(config.dataDir);
    // ignoreTLS: the catcher offers STARTTLS with a self-signed certificate; it listens on loopback only.
    process.env.SMTP_URL = `${catcher.smtpUrl}?ignoreTLS=true`;
    log.info(`Mail: sent to a local mail catcher; read it at ${catcher.webUrl} (SMTP_URL sends real mail).`);
  } catch (error) {
    if (!(error instanceof MailCatcherError)) throw error;
    log.warn(`Mail: ${error.message} Mail waits in the outbox until then.`);
  }
} else if (!config.mail.smtpUrl) {
  log.warn('Mail: SMTP_URL is not set; mail waits in the outbox (see /admin/mail) until it is.');
}
const mailDrain = startMailDrain(db, {
  smtpUrl: process.env.SMTP_URL,
  from: config.mail.from,
  dataDir: config.dataDir,
  // In-app notifications become mail here, in the one start process (see notification-mail.ts).
  producers: [() => void queueNotificationMails(db, config.mail)],
  log: say,
  warn: (message) => log.warn(message),
});

// Inbound mail by SMTP (INBOUND_SMTP_PORT; 2525 in development): new requests become tickets, answers replies.
let inboundSmtp: InboundSmtp | undefined;
let imapPoller: ImapPoller | undefined;
const inboundSettings = {
  from: config.mail.from,
  publicUrl: config.mail.publicUrl,
  dataDir: config.dataDir,
  allowedDomains: config.inbound.allowedDomains,
  perSenderPerHour: config.inbound.perSenderPerHour,
  strangerReplies: config.inbound.strangerReplies,
  maxBytes: config.inbound.maxBytes,
  suggest: async (reader: Parameters<typeof suggestFromKnowledgeBase>[0], text: string) =>
    (await suggestFromKnowledgeBase(reader, text, 3)).results,
};
const handleInbound = async (raw: Buffer) => {
  const result = await receiveMail(db, raw, inboundSettings);
  mailDrain.kick();
  return result;
};
if (config.inbound.smtpPort) {
  try {
    inboundSmtp = await startInboundSmtp({
      host: config.inbound.smtpHost,
      port: config.inbound.smtpPort,
      maxBytes: config.inbound.maxBytes,
      handle: handleInbound,
      warn: (message) => log.warn(message),
    });
    log.info(`Inbound mail: SMTP on ${config.inbound.smtpHost}:${inboundSmtp.port} (INBOUND_SMTP_PORT).`);
  } catch (error) {
    log.warn(
      `Inbound mail: cannot listen on ${config.inbound.smtpHost}:${config.inbound.smtpPort} (${(error as Error).message}); set INBOUND_SMTP_PORT to a free port, or 0 to turn it off.`,
    );
  }
}

if (config.inbound.imapUrl) {
  imapPoller = startImapPoller({
    url: config.inbound.imapUrl,
    doneFolder: config.inbound.imapDoneFolder,
    handle: handleInbound,
    log: say,
    warn: (message) => log.warn(message),
  });
  log.info(`Inbound mail: reading ${new URL(config.inbound.imapUrl).host} over IMAP (IMAP_URL).`);
}

// Similar-ticket search for agents: catch up with tickets resolved while the engine was away. In the
// background: a large history takes Meilisearch a while, and nothing else waits for it.
syncTicketIndex(db, createSearchClient(engine, 30_000), ticketIndexName(config.meili.indexPrefix))
  .then(({ sent }) => sent > 0 && log.info(`Ticket index: sent ${sent} resolved ticket(s).`))
  .catch((error: Error) =>
    log.warn(`Could not sync the ticket index (${error.message}); similar tickets may be incomplete.`),
  );

// Files changed outside the app (a `git pull` into content/) reach pages and search without a restart.
watchKnowledgeBase(config.contentDir, { log: say });

// Resolved tickets nobody answered close on their own; at start and every 10 minutes (idempotent).
const autoClose = () => {
  try {
    const closed = closeResolvedTickets(db, config.autoCloseDays);
    if (closed > 0)
      log.info(`Closed ${closed} resolved ticket(s) after ${config.autoCloseDays} days without an answer.`);
  } catch (error) {
    log.warn(`Auto-close failed: ${(error as Error).message}`);
  }
};
autoClose();
setInterval(autoClose, 10 * 60_000).unref();

// Agents hear (bell and mail) when a ticket they work passes the amber time of an SLA target: once per
// ticket and target, checked every minute (warnSlaAboutToBreach).
const warnSla = () => {
  try {
    const warned = warnSlaAboutToBreach(db);
    if (warned > 0) log.info(`Warned agents of ${warned} SLA target(s) about to be missed.`);
  } catch (error) {
    log.warn(`SLA warnings failed: ${(error as Error).message}`);
  }
};
warnSla();
setInterval(warnSla, 60_000).unref();

// The words of requests that an article solved become part of what finds it (decision 014): every 2
// minutes, only what was solved since; the first run (a whole history) waits until the portal serves.
const learn = () => {
  try {
    const began = performance.now();
    const added = learnFromSolves(db);
    if (added > 0)
      log.info(
        `Suggestions learned ${added} phrasing(s) from solved requests (${Math.round(performance.now() - began)} ms).`,
      );
  } catch (error) {
    log.warn(`Learning from solved requests failed (will retry): ${(error as Error).message}`);
  }
};
setTimeout(learn, 5_000).unref();
setInterval(learn, 2 * 60_000).unref();

// Audit entries past AUDIT_RETENTION_DAYS are archived to DATA_DIR/audit-archive/, then pruned; at start and daily.
const pruneAudit = () => {
  try {
    const { rows, archive } = pruneAuditLog(db, {
      dataDir: config.dataDir,
      retentionDays: config.auditRetentionDays,
    });
    if (rows > 0) log.info(`Audit log: ${rows} entries archived to DATA_DIR/${archive} and pruned.`);
  } catch (error) {
    log.warn(`Audit log pruning failed (nothing was removed): ${(error as Error).message}`);
  }
};
pruneAudit();
setInterval(pruneAudit, 24 * 60 * 60_000).unref();

const ready = () => {
  log.info(
    `Fixpoint is ready at http://${config.host}:${config.port} (started in ${((performance.now() - started) / 1000).toFixed(1)} s${config.webWorkers > 1 ? `, ${config.webWorkers} web workers` : ''})`,
  );
  encoder.computeVectors();
};

// One process serves when WEB_WORKERS is 1; otherwise web workers (scripts/web-worker.ts) share the
// port, one per core by default: a Node process uses one core, and pages are mostly CPU.
let server: WebServer | undefined;
const workers = new Set<Worker>();
let stopping = false;
const restarts: number[] = [];
let served = false;

function forkWorker(): void {
  const worker = cluster.fork();
  workers.add(worker);
  worker.on('message', (message: { type?: string; message?: string }) => {
    if (message.type === 'fatal') void shutdown(1, message.message);
  });
  worker.once('exit', (code, signal) => {
    workers.delete(worker);
    if (stopping) return;
    // A worker that dies is replaced. Workers that die before the portal ever served mean a broken
    // build or setup: the start stops with their reason. Once it has served, it never gives up by
    // itself (a cause that goes away, like a disk that is freed, must not leave it down for good):
    // after more than 5 deaths in 10 minutes each replacement waits, 1 s doubling up to a minute.
    restarts.push(Date.now());
    while (restarts[0]! < Date.now() - 10 * 60_000) restarts.shift();
    const why = `A web worker stopped (${signal ?? `exit code ${code}`})`;
    if (restarts.length > 5 && !served)
      return void shutdown(1, `${why}; web workers keep stopping before they serve. See the messages above.`);
    const wait = restarts.length > 5 ? Math.min(60_000, 1000 * 2 ** (restarts.length - 6)) : 0;
    log.warn(
      wait
        ? `${why}: ${restarts.length} in 10 minutes. Starting another in ${wait / 1000} s; see the messages above for the cause.`
        : `${why}; starting another.`,
    );
    setTimeout(() => {
      if (!stopping) forkWorker();
    }, wait);
  });
}

if (config.webWorkers > 1) {
  cluster.setupPrimary({ exec: path.join(import.meta.dirname, 'web-worker.ts') });
  let listening = 0;
  cluster.on('listening', () => {
    served = true;
    if (++listening === config.webWorkers) ready();
  });
  for (let i = 0; i < config.webWorkers; i++) forkWorker();
} else {
  try {
    server = await startWebServer(config);
    ready();
  } catch (error) {
    await shutdown(1, (error as Error).message);
  }
}

async function shutdown(code: number, message?: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (message) console.error(message);
  await server?.stop();
  // Workers finish their open requests and write what they hold (at most 5 s), then the engine stops.
  await Promise.race([
    Promise.all(
      [...workers].map(
        (w) => new Promise((r) => (w.isDead() ? r(null) : (w.once('exit', r), w.process.kill('SIGTERM')))),
      ),
    ),
    new Promise((r) => setTimeout(r, 5000)),
  ]);
  await engine?.stop();
  await inboundSmtp?.stop();
  await imapPoller?.stop();
  await mailDrain.stop();
  await catcher?.stop();
  await encoder.stop();
  flushAndCloseDatabases();
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));
process.on('uncaughtException', (error) => void shutdown(1, `Fatal: ${error.stack ?? error.message}`));
