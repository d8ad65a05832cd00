// `npm run demo:generate -- --days 90 [--requests 200000] [--tickets 20000] [--seed 1]`
// Fills DATA_DIR's database with a generated help-desk history so the reports have something to show.
import { parseArgs } from 'node:util';
import { ConfigError, getConfig, type Config } from '#lib/config/config.ts';
import { migrate, openDatabase, type Db } from '#lib/db/db.ts';
import { HISTORY_EMAIL_DOMAIN } from '#lib/auth/demo-accounts.ts';
import { DemoHistoryError, generateDemoHistory } from '#lib/demo/generate.ts';

const usage =
  'Usage: npm run demo:generate -- --days <1-3650> [--requests <n> (default 40 a day)] [--tickets <n> (default 4 a day)] [--seed <n> (default 1)]';

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

let values: { days?: string; requests?: string; tickets?: string; seed?: string };
try {
  ({ values } = parseArgs({
    options: {
      days: { type: 'string' },
      requests: { type: 'string' },
      tickets: { type: 'string' },
      seed: { type: 'string' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`, 2);
}

/** A whole number from a flag ("200000" or "200_000"), or a usage error naming the flag. */
function wholeNumber(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const text = raw.replace(/[_,]/g, '');
  if (!/^-?\d+$/.test(text)) fail(`--${name} must be a whole number (got "${raw}").\n${usage}`, 2);
  return Number(text);
}

const days = wholeNumber('days', values.days);
if (days === undefined) fail(usage, 2);
const requests = wholeNumber('requests', values.requests);
const tickets = wholeNumber('tickets', values.tickets);
const seed = wholeNumber('seed', values.seed);

let config: Config;
try {
  config = getConfig();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
if (config.env === 'production')
  fail(
    'Refusing to write a generated history into a production database (NODE_ENV=production). Fix: use a separate DATA_DIR without NODE_ENV=production.',
  );

let db: Db;
try {
  db = openDatabase(config.databasePath);
  migrate(db);
} catch (error) {
  fail(
    `Cannot open the database ${config.databasePath}: ${(error as Error).message}. Fix: point DATA_DIR at a writable folder (e.g. DATA_DIR=./data-demo), and stop anything else that holds the file.`,
  );
}

try {
  const report = generateDemoHistory(db, config.contentDir, {
    days,
    requests,
    tickets,
    seed,
    autoCloseDays: config.autoCloseDays,
    log: (m) => console.log(m),
  });
  const n = (x: number) => x.toLocaleString('en');
  console.log(
    `Generated ${days} days of history in ${(report.ms / 1000).toFixed(1)} s: ${n(report.requests)} help requests, ${n(report.tickets)} tickets, ${n(report.events)} events, ` +
      `${n(report.users)} accounts (@${HISTORY_EMAIL_DOMAIN}, none can sign in) in ${config.databasePath}.`,
  );
} catch (error) {
  if (error instanceof DemoHistoryError) fail(error.message);
  if ((error as { code?: string }).code === 'SQLITE_BUSY')
    fail(
      `The database ${config.databasePath} is busy: another process is writing to it. Fix: stop the server using it, or generate into a fresh DATA_DIR.`,
    );
  throw error;
} finally {
  db.close();
}
