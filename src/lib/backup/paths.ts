import path from 'node:path';

/** True when `child` is `parent` itself or lies somewhere below it (paths resolved, no file-system access). */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  const up = relative === '..' || relative.startsWith(`..${path.sep}`);
  return !up && !path.isAbsolute(relative);
}

/** A time as a file-name part: 2026-11-30T04-37-12Z (UTC, sortable, no colons). */
export function fileStamp(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/:/g, '-')}Z`;
}
