// @ts-check
/**
 * Lint rules, and the architecture as rules (docs/architecture.md draws the same arrows).
 *
 * Every import that crosses a folder goes through a package.json alias (#lib/<domain>/…, #components/…),
 * because relative parent paths are refused below. So an import's specifier names its target folder
 * exactly, and ESLint's own `no-restricted-imports` can enforce the layers without a path resolver.
 */
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The domains under src/lib, lowest first: each may import only the ones before it. `web` (controllers)
 * sits above every domain but `demo`; `demo` (the seeded history) may use them all and nothing uses it.
 */
export const LAYERS = [
  'config',
  'i18n',
  'validation',
  'text',
  'db',
  'content',
  'auth',
  'embeddings',
  'search',
  'deflection',
  'notifications',
  'tickets',
  'incidents',
  'knowledge',
  'mail',
  'reports',
  'backup',
  'web',
  'demo',
];

/** Arrows that the order above would allow but the design does not. */
const EXTRA_FORBIDDEN = {
  // Reports count what happened; they share words with search through `text`, never its ranking.
  reports: ['search', 'embeddings'],
};

const RELATIVE_PARENT = {
  group: ['../*', '../**'],
  message:
    'Import another folder through its alias (#lib/<domain>/…, #components/…), so the arrows stay visible.',
};

/** `no-restricted-imports` patterns for a file in src/lib/<domain>. */
function domainPatterns(domain) {
  const above = LAYERS.slice(LAYERS.indexOf(domain) + 1);
  const forbidden = [...above, ...(EXTRA_FORBIDDEN[domain] ?? [])];
  return [
    RELATIVE_PARENT,
    ...forbidden.map((other) => ({
      regex: `^#lib/${other}/`,
      message: `${domain} must not import ${other}: see docs/architecture.md (pass a function in, or move the shared piece down).`,
    })),
  ];
}

const onlyDb = {
  name: 'better-sqlite3',
  message: 'Only src/lib/db opens SQLite; take a `Db` from #lib/db/db.ts.',
};
const onlySearch = {
  name: 'meilisearch',
  message: 'Only src/lib/search (and the ticket index in tickets) talk to Meilisearch.',
};
const onlyEmbeddings = {
  group: ['@energetic-ai/*'],
  message:
    'Only src/lib/embeddings runs the sentence encoder; ask it through #lib/embeddings/query-encoder.ts.',
};
const onlyAuth = {
  name: 'openid-client',
  message: 'Only src/lib/auth speaks OpenID Connect (sso.ts); controllers call its functions.',
};
const domains = LAYERS.filter((d) => d !== 'web');

/** Pages and components: values only from the web layer; types from any domain but db. */
const viewPatterns = (who) => [
  RELATIVE_PARENT,
  { regex: '^#lib/db/', message: `${who} never touch the database: ask a controller in #lib/web.` },
  {
    regex: `^#lib/(${domains.filter((d) => d !== 'db').join('|')})/`,
    allowTypeImports: true,
    message: `${who} take data from #lib/web (controllers, labels); from a domain they may import types only.`,
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/',
      '**/node_modules',
      'data/',
      '.astro/',
      'bench-results/',
      'test-results/',
      'playwright-report/',
      'public/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-control-regex': 'off',
    },
  },
  { files: ['src/islands/**'], languageOptions: { globals: { ...globals.browser } } },
  ...domains.map((domain) => ({
    files: [`src/lib/${domain}/**/*.ts`],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            ...(domain === 'db' ? [] : [onlyDb]),
            ...(['search', 'tickets'].includes(domain) ? [] : [onlySearch]),
            ...(domain === 'auth' ? [] : [onlyAuth]),
          ],
          patterns: [...domainPatterns(domain), ...(domain === 'embeddings' ? [] : [onlyEmbeddings])],
        },
      ],
    },
  })),
  {
    files: ['src/lib/web/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [onlyDb, onlySearch, onlyAuth], patterns: [...domainPatterns('web'), onlyEmbeddings] },
      ],
    },
  },
  {
    files: ['src/pages/**', 'src/middleware.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [onlyDb, onlySearch, onlyAuth], patterns: viewPatterns('Pages') },
      ],
    },
  },
  {
    files: ['src/components/**', 'src/layouts/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [onlyDb, onlySearch, onlyAuth],
          patterns: [
            ...viewPatterns('Components'),
            {
              regex: '^#lib/web/(?!presentation\\.ts$)',
              allowTypeImports: true,
              message:
                'Components render props: from the web layer they import types, and values from #lib/web/presentation.ts only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/islands/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            RELATIVE_PARENT,
            {
              regex: '^#lib/',
              allowTypeImports: true,
              message: 'Islands run in the browser: they talk to the server over HTTP, not through #lib.',
            },
          ],
        },
      ],
    },
  },
  {
    // The client's address is read once, in the middleware, through TRUST_PROXY (src/lib/auth/client-address.ts).
    files: ['src/pages/**', 'src/lib/web/**/*.ts', 'src/components/**', 'src/layouts/**'],
    ignores: ['src/lib/web/middleware.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[
          "MemberExpression[property.name='clientAddress']:not([object.name='locals']):not([object.property.name='locals'])",
          "ObjectPattern > Property[key.name='clientAddress']",
        ].map((selector) => ({
          selector,
          message:
            'Use locals.clientAddress: the middleware resolves it through the proxies TRUST_PROXY names.',
        })),
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**', 'scripts/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
