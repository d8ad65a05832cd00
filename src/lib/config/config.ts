import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

/** Environment variables Fixpoint reads; everything else in the code asks `getConfig()`. */
const EnvSchema = z.object({
  /** `production` turns off demo data and development conveniences. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** Port of the web server. */
  PORT: z.coerce.number().int().min(1).max(65535).default(4321),
  /** Interface the web server listens on. */
  HOST: z.string().min(1).default('localhost'),
  /** Everything Fixpoint writes: the SQLite file, the managed Meilisearch data, keys. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** The knowledge base: `kb/*.md`, `faq/*.md` and `categories.json`. */
  CONTENT_DIR: z.string().min(1).default('./content'),
  /** An existing Meilisearch server. Unset: Fixpoint starts and manages its own. */
  MEILI_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** API key for MEILI_URL (a key allowed to search, add documents and change settings). */
  MEILI_API_KEY: z.string().min(1).optional(),
  /** Path of the meilisearch binary for the managed server (default: the bundled one, then PATH). */
  MEILI_BIN: z.string().min(1).optional(),
  /** Resolved tickets close on their own after this many days without an answer from the requester. */
  AUTO_CLOSE_DAYS: z.coerce.number().int().min(1).max(365).default(5),
  /** Tickets one person may file in an hour from the portal or the API (0: no limit); agents logging calls are not limited. */
  TICKETS_PER_HOUR: z.coerce.number().int().min(0).max(1_000_000).default(20),
  /** Suggestion requests one person may make in a minute, per web process (0: no limit); typing sends a few a second at most. */
  SUGGESTIONS_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  /** Web server processes (one per core by default, at most 8): each serves pages; background jobs run once, in the start process. */
  WEB_WORKERS: z.coerce.number().int().min(1).max(32).optional(),
  /** Below this much free space on DATA_DIR's volume (MB), /healthz reports degraded, before writes start failing. */
  MIN_FREE_MB: z.coerce.number().int().min(0).max(1_000_000).default(100),
  /** Prefix of Fixpoint's index names, so several instances can share one Meilisearch. */
  MEILI_INDEX_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]*$/, 'use letters, digits, "-" and "_" only')
    .default('fixpoint_'),
  /**
   * Who may tell the client's address in X-Forwarded-For. Unset: nobody (the connection's peer is the
   * client). A number: that many reverse proxies stand in front. Otherwise the proxies' addresses or
   * CIDRs, comma-separated (`loopback` for 127.0.0.0/8 and ::1).
   */
  TRUST_PROXY: z.string().trim().optional(),
  /** Audit entries older than this many days are written to DATA_DIR/audit-archive/, then pruned (daily). */
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(30).max(36500).default(365),
  /** The address people reach Fixpoint at (links in mail and the OpenID redirect URI are made from it). Unset: http://localhost:PORT. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** The OpenID Connect provider (its issuer URL, discovery at /.well-known/openid-configuration). Unset: passwords only. */
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  /** The client id Fixpoint is registered with at the provider. */
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  /** The client secret (client_secret_basic). Unset: a public client (PKCE only). */
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  /** The name on the sign-in button: "Sign in with <name>". */
  OIDC_PROVIDER_NAME: z.string().trim().min(1).max(60).default('your company account'),
  /** Scopes asked for (openid is always included). */
  OIDC_SCOPES: z.string().trim().min(1).default('openid email profile'),
  /** The ID-token claim that lists a person's groups (or roles). */
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).max(100).default('groups'),
  /** JSON: group → role, or group → {"role","tier"}; re-applied at every sign-in. Unset: roles are set in /admin. */
  OIDC_ROLE_MAP: z.string().trim().min(1).optional(),
  /** SSO sessions end after this many hours, and the provider is asked again. */
  OIDC_SESSION_HOURS: z.coerce.number().min(0.01).max(720).default(12),
  /** How long to wait for the provider (discovery, keys, token exchange), in seconds. */
  OIDC_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  /** true: only break-glass accounts may sign in with a password; everyone else signs in with the provider. */
  SSO_ONLY: z.enum(['true', 'false', '1', '0']).default('false'),
  /**
   * Outgoing mail server, e.g. `smtps://user:pass@host:465` or `smtp://host:587`. Unset: in development
   * `npm start` runs a local mail catcher (MailDev); elsewhere mail waits in the outbox until it is set.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** The sender of Fixpoint's mail, e.g. `IT Service Desk <help@example.com>`. */
  MAIL_FROM: z.string().trim().min(3).max(300).default('Fixpoint <fixpoint@localhost>'),
  /**
   * Port Fixpoint receives mail on (SMTP, relayed by the company's mail server). Unset: 2525 in
   * development, off elsewhere; 0: off.
   */
  INBOUND_SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  /** A mailbox Fixpoint reads new requests from, e.g. `imaps://desk:secret@mail.example.com/INBOX`. Unset: no IMAP. */
  IMAP_URL: z.url({ protocol: /^imaps?$/ }).optional(),
  /** Where a read message is moved after its ticket or reply is saved (unset: it is only flagged as seen). */
  IMAP_DONE_FOLDER: z.string().trim().min(1).max(200).optional(),
  /** Interface the inbound SMTP listener binds to. */
  INBOUND_SMTP_HOST: z.string().min(1).default('127.0.0.1'),
  /** Domains whose unknown senders get an account on their first mail (comma-separated); others get a polite refusal. */
  MAIL_ALLOWED_DOMAINS: z.string().trim().default(''),
  /** Largest inbound message accepted, in MB (attachments included). */
  MAIL_MAX_MB: z.coerce.number().int().min(1).max(100).default(25),
  /** Messages one sender may send in an hour before the rest are set aside unanswered. */
  MAIL_PER_SENDER_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(30),
  /**
   * A reply on a ticket from someone who is not its requester, a colleague they copied, or an agent:
   * `new-ticket` (a request of their own) or `refuse` (a polite refusal, at most one a day).
   */
  MAIL_STRANGER_REPLIES: z.enum(['new-ticket', 'refuse']).default('new-ticket'),
  /** A storm: at least this many people with alike new tickets or help requests within STORM_WINDOW_MINUTES (decision 052). */
  STORM_MIN_PEOPLE: z.coerce.number().int().min(2).max(10_000).default(5),
  STORM_WINDOW_MINUTES: z.coerce.number().int().min(5).max(1440).default(60),
  /** The language for people whose account, cookie and browser name none Fixpoint speaks (src/lib/i18n/locales.ts). */
  DEFAULT_LOCALE: z.enum(['en', 'de', 'it']).default('en'),
  /** Times are shown in this zone until a person's browser tells theirs, and in mail to people it never told. */
  DEFAULT_TIME_ZONE: z
    .string()
    .trim()
    .default('UTC')
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'use an IANA time zone such as Europe/Berlin, Europe/Rome or UTC'),
});

/** A group's meaning in OIDC_ROLE_MAP: a role, or the agent role with a tier. */
const RoleGrantSchema = z.union([
  z.enum(['employee', 'agent', 'manager', 'admin']),
  z.object({
    role: z.enum(['employee', 'agent', 'manager', 'admin']),
    tier: z.number().int().min(1).max(3).optional(),
  }),
]);
const RoleMapSchema = z.record(z.string().min(1).max(200), RoleGrantSchema);

/** What the provider's groups claim grants: one role, and a tier for agents. */
export type RoleGrant = { role: 'employee' | 'agent' | 'manager' | 'admin'; tier: number | null };

/** OpenID Connect single sign-on, when OIDC_ISSUER is set. */
export type OidcConfig = {
  issuer: string;
  clientId: string;
  clientSecret: string | null;
  providerName: string;
  scopes: string;
  groupsClaim: string;
  /** Null: roles are not managed by the provider. */
  roleMap: Map<string, RoleGrant> | null;
  sessionMs: number;
  timeoutSeconds: number;
  redirectUri: string;
  postLogoutRedirectUri: string;
};

/** Whom to believe about the client's address (see TRUST_PROXY). */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'proxies'; proxies: Array<{ address: string; prefix: number; family: 'ipv4' | 'ipv6' }> };

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  dataDir: string;
  contentDir: string;
  /** The database file inside dataDir. */
  databasePath: string;
  meili: { url?: string; apiKey?: string; bin?: string; indexPrefix: string };
  autoCloseDays: number;
  /** When the queue proposes declaring a major incident (src/lib/incidents/storm.ts). */
  storm: { minPeople: number; windowMinutes: number };
  webWorkers: number;
  /** Per-person limits that stop a runaway script, never a person typing (0: none). */
  limits: { ticketsPerHour: number; suggestionsPerMinute: number };
  trustProxy: TrustProxy;
  auditRetentionDays: number;
  /** Free space on DATA_DIR's volume below which the portal reports itself degraded, in bytes. */
  minFreeBytes: number;
  /** Where people reach the portal, without a trailing slash. */
  publicUrl: string;
  /** Null: no single sign-on (everything as before it existed). */
  oidc: OidcConfig | null;
  /** Password sign-in only for break-glass accounts (needs oidc). */
  ssoOnly: boolean;
  /** Outgoing mail: the SMTP server (none: mail waits in the outbox), the sender, the base of links. */
  mail: { smtpUrl?: string; from: string; publicUrl: string };
  /** The language and time zone for people who have not told theirs. */
  defaultLocale: 'en' | 'de' | 'it';
  defaultTimeZone: string;
  /** Inbound mail: the SMTP listener (port null: off) and the rules for what arrives. */
  inbound: {
    smtpPort: number | null;
    smtpHost: string;
    imapUrl?: string;
    imapDoneFolder?: string;
    allowedDomains: string[];
    maxBytes: number;
    perSenderPerHour: number;
    strangerReplies: 'new-ticket' | 'refuse';
  };
};

const hints: Record<string, string> = {
  PORT: 'Set PORT to a free TCP port, e.g. PORT=4321.',
  MEILI_URL:
    'Set MEILI_URL to the address of a running Meilisearch, e.g. http://127.0.0.1:7700, or unset it to let Fixpoint start its own.',
  NODE_ENV: 'Set NODE_ENV to development, production or test.',
  MIN_FREE_MB:
    'Set MIN_FREE_MB to a number of megabytes, e.g. MIN_FREE_MB=100, or 0 to report only failed writes.',
  WEB_WORKERS:
    'Set WEB_WORKERS to the number of web server processes, e.g. WEB_WORKERS=2, or unset it for one per core.',
  PUBLIC_URL:
    'Set PUBLIC_URL to the address people open Fixpoint at, e.g. https://help.example.com (links in mail start with it; the OpenID redirect URI is PUBLIC_URL/login/sso/callback).',
  OIDC_ISSUER:
    "Set OIDC_ISSUER to the provider's issuer URL, e.g. https://login.microsoftonline.com/<tenant>/v2.0, or unset it for password sign-in only.",
  OIDC_SESSION_HOURS: 'Set OIDC_SESSION_HOURS to a number of hours, e.g. OIDC_SESSION_HOURS=12.',
  OIDC_TIMEOUT_SECONDS: 'Set OIDC_TIMEOUT_SECONDS to a number of seconds (1 to 60), e.g. 5.',
  SSO_ONLY: 'Set SSO_ONLY to true or false.',
  SMTP_URL:
    'Set SMTP_URL to your mail server, e.g. smtps://user:password@mail.example.com:465 or smtp://mail.example.com:587, or unset it (in development a local mail catcher starts).',
  MAIL_FROM:
    'Set MAIL_FROM to the sender of Fixpoint\'s mail, e.g. MAIL_FROM="IT Service Desk <help@example.com>".',
  IMAP_URL:
    'Set IMAP_URL to the mailbox to read, e.g. imaps://desk:password@mail.example.com/INBOX, or unset it.',
  AUDIT_RETENTION_DAYS:
    'Set AUDIT_RETENTION_DAYS to how many days audit entries are kept (30 or more), e.g. AUDIT_RETENTION_DAYS=365.',
};

/** Raised when the environment is unusable; the message names the variable and the fix. */
export class ConfigError extends Error {}

/** Validates an environment (default: process.env) and resolves paths against the working directory. */
export function parseConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '');
      const hint = hints[name] ? ` ${hints[name]}` : '';
      return `  ${name}: ${issue.message} (got ${JSON.stringify(env[name])}).${hint}`;
    });
    throw new ConfigError(`Invalid environment:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.MEILI_API_KEY && !e.MEILI_URL) {
    throw new ConfigError(
      'MEILI_API_KEY is set but MEILI_URL is not. Set MEILI_URL too, or unset MEILI_API_KEY to use the managed Meilisearch.',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const oidc = parseOidc(e, publicUrl);
  const ssoOnly = e.SSO_ONLY === 'true' || e.SSO_ONLY === '1';
  if (ssoOnly && !oidc)
    throw new ConfigError(
      'SSO_ONLY is true but OIDC_ISSUER is not set: nobody could sign in. Set OIDC_ISSUER and OIDC_CLIENT_ID, or unset SSO_ONLY.',
    );
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir,
    contentDir: path.resolve(e.CONTENT_DIR),
    databasePath: path.join(dataDir, 'fixpoint.db'),
    meili: { url: e.MEILI_URL, apiKey: e.MEILI_API_KEY, bin: e.MEILI_BIN, indexPrefix: e.MEILI_INDEX_PREFIX },
    autoCloseDays: e.AUTO_CLOSE_DAYS,
    storm: { minPeople: e.STORM_MIN_PEOPLE, windowMinutes: e.STORM_WINDOW_MINUTES },
    limits: { ticketsPerHour: e.TICKETS_PER_HOUR, suggestionsPerMinute: e.SUGGESTIONS_PER_MINUTE },
    webWorkers: e.WEB_WORKERS ?? Math.min(8, os.availableParallelism()),
    trustProxy: parseTrustProxy(e.TRUST_PROXY),
    auditRetentionDays: e.AUDIT_RETENTION_DAYS,
    minFreeBytes: e.MIN_FREE_MB * 1024 * 1024,
    publicUrl,
    oidc,
    ssoOnly,
    defaultLocale: e.DEFAULT_LOCALE,
    defaultTimeZone: e.DEFAULT_TIME_ZONE,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM,
      publicUrl,
    },
    inbound: {
      smtpPort:
        e.INBOUND_SMTP_PORT === undefined
          ? e.NODE_ENV === 'development'
            ? 2525
            : null
          : e.INBOUND_SMTP_PORT || null,
      smtpHost: e.INBOUND_SMTP_HOST,
      imapUrl: e.IMAP_URL,
      imapDoneFolder: e.IMAP_DONE_FOLDER,
      allowedDomains: e.MAIL_ALLOWED_DOMAINS.split(',')
        .map((d) => d.trim().toLowerCase().replace(/^@/, ''))
        .filter(Boolean),
      maxBytes: e.MAIL_MAX_MB * 1024 * 1024,
      perSenderPerHour: e.MAIL_PER_SENDER_PER_HOUR,
      strangerReplies: e.MAIL_STRANGER_REPLIES,
    },
  };
}

const ROLE_MAP_HINT =
  'Set OIDC_ROLE_MAP to JSON that maps group names to a role or to {"role","tier"}, e.g. {"it-servicedesk-t1": {"role": "agent", "tier": 1}, "it-managers": "manager"}.';

/** OIDC_ROLE_MAP as a map; agents without a tier are tier 1. */
export function parseRoleMap(text: string | undefined): Map<string, RoleGrant> | null {
  if (!text) return null;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ConfigError(`OIDC_ROLE_MAP is not valid JSON. ${ROLE_MAP_HINT}`);
  }
  const parsed = RoleMapSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(
      `OIDC_ROLE_MAP: ${issue?.path.join('.') || 'the value'}: ${issue?.message}. ${ROLE_MAP_HINT}`,
    );
  }
  return new Map(
    Object.entries(parsed.data).map(([group, grant]) => {
      const { role, tier } = typeof grant === 'string' ? { role: grant, tier: undefined } : grant;
      return [group, { role, tier: role === 'agent' ? (tier ?? 1) : null }];
    }),
  );
}

function parseOidc(e: z.infer<typeof EnvSchema>, publicUrl: string): OidcConfig | null {
  if (!e.OIDC_ISSUER) return null;
  if (!e.OIDC_CLIENT_ID)
    throw new ConfigError(
      'OIDC_ISSUER is set but OIDC_CLIENT_ID is not. Set OIDC_CLIENT_ID to the client id the provider gave Fixpoint, or unset OIDC_ISSUER.',
    );
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID,
    clientSecret: e.OIDC_CLIENT_SECRET ?? null,
    providerName: e.OIDC_PROVIDER_NAME,
    scopes: e.OIDC_SCOPES.split(/\s+/).includes('openid') ? e.OIDC_SCOPES : `openid ${e.OIDC_SCOPES}`,
    groupsClaim: e.OIDC_GROUPS_CLAIM,
    roleMap: parseRoleMap(e.OIDC_ROLE_MAP),
    sessionMs: Math.round(e.OIDC_SESSION_HOURS * 3_600_000),
    timeoutSeconds: e.OIDC_TIMEOUT_SECONDS,
    redirectUri: `${publicUrl}/login/sso/callback`,
    postLogoutRedirectUri: `${publicUrl}/login?signedout=1`,
  };
}

const TRUST_PROXY_HINT =
  'Set TRUST_PROXY to the number of reverse proxies in front of Fixpoint (e.g. TRUST_PROXY=1), or to their addresses or CIDRs (e.g. TRUST_PROXY=loopback,10.0.0.0/8), or unset it when clients connect directly.';

/**
 * TRUST_PROXY as a rule. "true" (trust any sender) is refused: anyone could then choose the address
 * that sign-in throttling and the audit log see.
 */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  if (!value || value === 'false' || value === '0') return { kind: 'none' };
  if (value === 'true')
    throw new ConfigError(
      `TRUST_PROXY: "true" would let any client choose its own address. ${TRUST_PROXY_HINT}`,
    );
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    if (hops > 10)
      throw new ConfigError(`TRUST_PROXY: ${hops} proxies is more than any setup has. ${TRUST_PROXY_HINT}`);
    return { kind: 'hops', hops };
  }
  const proxies = value.split(',').flatMap((item) => {
    const entry = item.trim();
    if (entry === 'loopback')
      return [
        { address: '127.0.0.0', prefix: 8, family: 'ipv4' as const },
        { address: '::1', prefix: 128, family: 'ipv6' as const },
      ];
    const [address = '', prefixText] = entry.split('/');
    const version = net.isIP(address);
    const max = version === 6 ? 128 : 32;
    const prefix = prefixText === undefined ? max : /^\d+$/.test(prefixText) ? Number(prefixText) : -1;
    if (version === 0 || prefix < 0 || prefix > max)
      throw new ConfigError(
        `TRUST_PROXY: ${JSON.stringify(entry)} is not an IP address, a CIDR or "loopback". ${TRUST_PROXY_HINT}`,
      );
    return [{ address, prefix, family: version === 6 ? ('ipv6' as const) : ('ipv4' as const) }];
  });
  return { kind: 'proxies', proxies };
}

let cached: { env: string; config: Config } | undefined;

/**
 * The current configuration. Re-read when the search or mail endpoint in process.env changes, because
 * the start script publishes the managed Meilisearch's (and mail catcher's) address there before the web server loads.
 */
export function getConfig(): Config {
  const key = `${process.env.MEILI_URL}|${process.env.MEILI_API_KEY}|${process.env.DATA_DIR}|${process.env.CONTENT_DIR}|${process.env.SMTP_URL}`;
  if (!cached || cached.env !== key) cached = { env: key, config: parseConfig(process.env) };
  return cached.config;
}
