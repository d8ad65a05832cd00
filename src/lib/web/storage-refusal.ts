import { isStorageError } from '#lib/db/storage-errors.ts';
import type { MessageKey } from '#lib/i18n/translate.ts';

/** Seconds a client is asked to wait (Retry-After) when the disk refuses a write. */
export const STORAGE_RETRY_AFTER_SECONDS = 60;

/**
 * What a form says when the disk refused to save it; the form comes back with everything typed. A
 * catalogue key: the page words it in the reader's language.
 */
export const STORAGE_REFUSAL: MessageKey = 'tickets.storageRefused';

/**
 * The sentence to answer a refused write with (503, the form filled in again), or null when the error
 * is not about storage: that is a bug, and the caller rethrows it.
 */
export function storageRefusal(error: unknown): MessageKey | null {
  return isStorageError(error) ? STORAGE_REFUSAL : null;
}

/**
 * A write a page does on the side of a read (marking a ticket read, noting an opened article): when
 * the disk refuses it, the page is shown anyway. Returns false when it was skipped.
 */
export function writeUnlessStorageRefuses(write: () => void): boolean {
  try {
    write();
    return true;
  } catch (error) {
    if (!isStorageError(error)) throw error;
    return false;
  }
}
