/**
 * Errors that mean "the disk cannot take this write now" (full, over quota, read-only), as opposed to
 * a bug. They are answered with 503 and Retry-After: the same request works once space is back.
 */
const STORAGE_CODES = new Set([
  'SQLITE_FULL',
  'SQLITE_READONLY',
  'SQLITE_IOERR_WRITE',
  'SQLITE_IOERR_FSYNC',
  'ENOSPC',
  'EDQUOT',
  'EROFS',
]);

export function isStorageError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return (
    typeof code === 'string' &&
    (STORAGE_CODES.has(code) || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_IOERR_WRITE')
  );
}
