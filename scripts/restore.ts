// `npm run restore -- <file.tar.gz>`: puts a backup made by `npm run backup` back into DATA_DIR and
// CONTENT_DIR, with the portal stopped. `--undo <DATA_DIR/before-restore-…>` swaps the replaced data
// back; `--roll-back` only puts back what an interrupted restore had moved.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { BackupError } from '#lib/backup/manifest.ts';
import { isInside } from '#lib/backup/paths.ts';
import { restoreBackup, undoRestore, type RestoreReport } from '#lib/backup/restore.ts';
import { assertPortalStopped } from '#lib/backup/running.ts';
import { recoverInterruptedRestore } from '#lib/backup/swap.ts';
import { ConfigError, parseConfig, type Config } from '#lib/config/config.ts';

const usage = `Usage (stop the portal first; DATA_DIR and CONTENT_DIR say where to):
  npm run restore -- <file.tar.gz>                      restore a backup made by npm run backup
  npm run restore -- --undo <DATA_DIR/before-restore-…>  put back the data a restore replaced
  npm run restore -- --roll-back                         put back what an interrupted restore had moved`;
let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { undo: { type: 'string' }, 'roll-back': { type: 'boolean' } },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
const modes = [positionals.length === 1, values.undo !== undefined, values['roll-back'] === true];
if (modes.filter(Boolean).length !== 1 || positionals.length > 1) {
  console.error(usage);
  process.exit(2);
}

function printReplaced(replaced: RestoreReport['replaced']): void {
  const kept = [replaced.data, replaced.content].filter(
    (p, i, all): p is string => p !== null && !(i === 1 && all[0] && isInside(p, all[0])),
  );
  if (kept.length === 0) return;
  console.log(`The data it replaced is kept in ${kept.join(' and ')}.`);
  console.log(`To undo: stop the portal, then npm run restore -- --undo ${replaced.data ?? kept[0]}`);
}

function run(config: Config): void {
  if (values['roll-back']) {
    assertPortalStopped(config.dataDir);
    console.log(recoverInterruptedRestore(config.dataDir) ?? 'No interrupted restore to roll back.');
    return;
  }
  if (values.undo !== undefined) {
    const report = undoRestore({
      before: values.undo,
      dataDir: config.dataDir,
      contentDir: config.contentDir,
    });
    if (report.recovered) console.log(report.recovered);
    console.log(`Put back the data kept in ${path.resolve(values.undo)}.`);
    printReplaced(report.replaced);
    return;
  }
  const report = restoreBackup({
    archive: positionals[0]!,
    dataDir: config.dataDir,
    contentDir: config.contentDir,
  });
  if (report.recovered) console.log(report.recovered);
  const { counts, schemaVersion, createdAt } = report.manifest;
  console.log(
    `Restored the backup of ${createdAt} (schema version ${schemaVersion}: ${counts.tickets} tickets, ${counts.attachments} attachments, ${counts.articles} articles, ${counts.translations ?? 0} translations) into DATA_DIR ${config.dataDir} and CONTENT_DIR ${config.contentDir}.`,
  );
  printReplaced(report.replaced);
  console.log(
    'Start the portal with `npm start`: it brings the database schema up to date and rebuilds the search index from the restored data.',
  );
}

try {
  run(parseConfig());
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
