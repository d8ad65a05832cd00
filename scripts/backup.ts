// `npm run backup -- <file.tar.gz>`: a consistent copy of the database (SQLite's online backup API, so
// the portal may keep running), the attachments and CONTENT_DIR, in one archive with a manifest.
import { parseArgs } from 'node:util';
import { createBackup } from '#lib/backup/create.ts';
import { BackupError } from '#lib/backup/manifest.ts';
import { ConfigError, parseConfig } from '#lib/config/config.ts';

const usage = 'Usage: npm run backup -- <file.tar.gz>   (DATA_DIR and CONTENT_DIR say what is backed up)';
let positionals: string[];
try {
  ({ positionals } = parseArgs({ allowPositionals: true, options: {} }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (positionals.length !== 1) {
  console.error(usage);
  process.exit(2);
}

try {
  const config = parseConfig();
  const started = performance.now();
  const report = await createBackup({
    dataDir: config.dataDir,
    contentDir: config.contentDir,
    output: positionals[0]!,
  });
  for (const warning of report.warnings) console.warn(`Warning: ${warning}`);
  const { counts, schemaVersion, createdAt } = report.manifest;
  console.log(
    `Backup written to ${report.file} (${(report.bytes / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s): the database as of ${createdAt} (schema version ${schemaVersion}), ${counts.tickets} tickets, ${counts.attachments} attachments, ${counts.articles} articles (${counts.translations ?? 0} translations). It holds personal data: keep it where only administrators can read it.`,
  );
} catch (error) {
  if (error instanceof BackupError || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
