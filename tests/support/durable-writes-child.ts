// Run under strace by tests/integration/durable-writes.test.ts: files a ticket with an attachment,
// replies with another, and saves an article, through the same functions the portal's pages call.
// Prints what it wrote (JSON) so the test can find those files in the trace.
import fs from 'node:fs';
import path from 'node:path';
import { createUser, toPrincipal } from '#lib/auth/users.ts';
import { ArticleFormSchema, saveArticle } from '#lib/content/editor.ts';
import { getDatabase } from '#lib/db/db.ts';
import { storeUploads } from '#lib/tickets/attachments.ts';
import { createTicket } from '#lib/tickets/tickets.ts';
import { addMessage } from '#lib/tickets/workflow.ts';

const [dataDir, contentDir] = process.argv.slice(2) as [string, string];
const db = getDatabase(path.join(dataDir, 'fixpoint.db'));
const user = await createUser(db, {
  email: 'traced@fixpoint.example',
  displayName: 'Traced',
  roles: ['employee'],
  password: 'plum-orchard-velvet-42',
});
const upload = async (name: string, text: string) => {
  const stored = await storeUploads(dataDir, [new File([text], name)]);
  if (!stored.ok) throw new Error(stored.error);
  return stored.files;
};

const ticketFiles = await upload('vpn.log', 'error 809');
const { ticket } = createTicket(
  db,
  user.id,
  { subject: 'VPN fails', description: 'Error 809.' },
  { files: ticketFiles },
);
const replyFiles = await upload('again.log', 'error 809 again');
addMessage(db, ticket.id, toPrincipal(user), 'Still failing.', false, replyFiles);
const { file: article } = saveArticle(db, contentDir, {
  form: ArticleFormSchema.parse({
    slug: 'vpn-error-809',
    type: 'faq',
    title: 'VPN error 809',
    summary: 'Allow UDP 500 and 4500.',
    category: 'network',
    body: 'Ask the network team to allow UDP 500 and 4500.',
  }),
  status: 'draft',
  baseHash: null,
  authorId: user.id,
  action: 'created',
});
// A mark in the trace: every commit above must have been synced before this line, not when the
// connection closes at exit (SQLite syncs then in any mode).
fs.writeFileSync(path.join(dataDir, 'traced-done'), '');
console.log(
  JSON.stringify({ ticketFile: ticketFiles[0]!.storedName, replyFile: replyFiles[0]!.storedName, article }),
);
