import { HISTORY_EMAIL_DOMAIN } from '#lib/auth/demo-accounts.ts';
import { countHistoryAccounts } from '#lib/auth/history-import.ts';
import { getConfig } from '#lib/config/config.ts';
import { canRead, EMPLOYEE, getContent } from '#lib/content/store.ts';
import type { Db } from '#lib/db/db.ts';
import { getSlaTargets } from '#lib/tickets/sla.ts';
import { DemoHistoryError } from './errors.ts';
import { resolvePlanOptions, type PlanOptionsInput } from './options.ts';
import { planDemoHistory } from './plan.ts';
import { writeDemoHistory } from './write.ts';

export { DemoHistoryError } from './errors.ts';

export type DemoHistoryOptions = PlanOptionsInput & {
  /** Resolved tickets nobody confirms close after this many days (default: the desk's AUTO_CLOSE_DAYS). */
  autoCloseDays?: number;
  log?: (message: string) => void;
};

/** What was written: accounts, help requests, events (help-request and ticket timeline rows), tickets, and the time it took. */
export type DemoHistoryReport = {
  users: number;
  requests: number;
  events: number;
  tickets: number;
  ms: number;
};

function refuseSecondHistory(db: Db, days: number): void {
  const accounts = countHistoryAccounts(db);
  if (accounts === 0) return;
  throw new DemoHistoryError(
    `This database already holds a generated history (${accounts} accounts @${HISTORY_EMAIL_DOMAIN}). Fix: generate into a fresh DATA_DIR, e.g. DATA_DIR=./data-demo npm run demo:generate -- --days ${days}.`,
  );
}

/** Fills the database with a realistic, reproducible help-desk history over the last `days` days. */
export function generateDemoHistory(
  db: Db,
  contentDir: string,
  options: DemoHistoryOptions,
): DemoHistoryReport {
  const started = performance.now();
  const log = (m: string) => options.log?.(`${m} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const planOptions = resolvePlanOptions(options);
  refuseSecondHistory(db, planOptions.days);
  // The process's loaded copy: at start the portal has just loaded it, and loading twice parses every file twice.
  const content = getContent(contentDir);
  if (!content.articles.some((a) => canRead(EMPLOYEE, a))) {
    throw new DemoHistoryError(
      `There are no published articles for employees in ${contentDir}. Fix: point CONTENT_DIR at the knowledge base (default ./content).`,
    );
  }
  const plan = planDemoHistory({
    ...planOptions,
    articles: content.articles,
    categories: content.categories.map((c) => c.slug),
    slaTargets: getSlaTargets(db),
    autoCloseDays: options.autoCloseDays ?? getConfig().autoCloseDays,
  });
  log(
    `Planned ${plan.requests.length.toLocaleString('en')} help requests and ${plan.tickets.length.toLocaleString('en')} tickets.`,
  );
  // Checked again inside the write lock: another run may have finished meanwhile.
  const written = writeDemoHistory(db, plan, {
    before: () => refuseSecondHistory(db, planOptions.days),
    log,
  });
  log('Wrote the history.');
  return {
    users: written.users,
    requests: plan.requests.length,
    events: written.events,
    tickets: plan.tickets.length,
    ms: Math.round(performance.now() - started),
  };
}
