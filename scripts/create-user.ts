// `npm run user:create -- --email <e> --role <employee|agent|manager|admin> [--role …] [--tier <1-3>] [--name <n>] [--break-glass]`
// Reads the password from standard input (typed without echo on a terminal, or piped).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { recordAudit } from '#lib/auth/audit.ts';
import { RoleSchema } from '#lib/auth/roles.ts';
import { EmailTakenError, createUser, setBreakGlass } from '#lib/auth/users.ts';
import { parseConfig } from '#lib/config/config.ts';
import { getDatabase } from '#lib/db/db.ts';

const usage =
  'Usage: npm run user:create -- --email <email> --role <employee|agent|manager|admin> [--role <another>] [--tier <1-3>] [--name "<display name>"] [--break-glass]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      tier: { type: 'string' },
      name: { type: 'string' },
      'break-glass': { type: 'boolean' },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.email || !values.role?.length) {
  console.error(usage);
  process.exit(2);
}

async function readPassword(): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  process.stdout.write('Password (at least 12 characters, not shown): ');
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve) => {
    let password = '';
    stdin.on('data', (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          process.stdout.write('\n');
          return resolve(password);
        }
        if (ch === '\u0003') process.exit(130);
        password = ch === '\u007f' ? password.slice(0, -1) : password + ch;
      }
    });
  });
}

const db = getDatabase(parseConfig().databasePath);
const password = await readPassword();
try {
  const user = await createUser(db, {
    email: values.email,
    displayName: values.name ?? values.email.split('@')[0]!,
    roles: z.array(RoleSchema).parse(values.role ?? []),
    agentTier: values.tier ? Number(values.tier) : null,
    password,
  });
  // A break-glass account keeps password sign-in under SSO_ONLY (for when the provider is down).
  if (values['break-glass']) setBreakGlass(db, user.id, true);
  recordAudit(db, {
    actor: 'cli',
    action: 'user.create',
    target: user.email,
    detail: { roles: user.roles, tier: user.agentTier, breakGlass: Boolean(values['break-glass']) },
  });
  console.log(
    `Created ${user.email} (${user.roles.join(', ')}${user.agentTier ? `, tier ${user.agentTier}` : ''}${values['break-glass'] ? ', break-glass' : ''}).`,
  );
} catch (error) {
  if (error instanceof z.ZodError) {
    for (const issue of error.issues) console.error(`${issue.path.join('.') || 'input'}: ${issue.message}`);
    process.exit(1);
  }
  if (error instanceof EmailTakenError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
