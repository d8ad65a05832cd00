import { sql, type Db } from '#lib/db/db.ts';

/** An attachment as a backup sees it: the file under DATA_DIR/attachments and what it must contain. */
export type AttachmentFile = { storedName: string; size: number; sha256: string };

/** How many tickets there are, and every attachment file the database refers to (for backups). */
export function ticketInventory(db: Db): { tickets: number; attachments: AttachmentFile[] } {
  const tickets = sql(db, 'SELECT count(*) FROM tickets').pluck().get() as number;
  const attachments = sql(
    db,
    'SELECT stored_name AS storedName, size, sha256 FROM attachments ORDER BY id',
  ).all() as AttachmentFile[];
  return { tickets, attachments };
}
