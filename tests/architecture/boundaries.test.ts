import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The layers are rules in eslint.config.js; these plant imports in files that do not exist (lintText
// only needs a path) and check that the rules refuse the forbidden ones and let the allowed ones pass.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint();
});

async function importProblems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId?.endsWith('no-restricted-imports')).map((m) => m.message);
}

const useIt = (line: string, name: string) => `${line}\nexport const planted = ${name};\n`;
const astroPage = (line: string, name: string) =>
  `---\n${line}\nconst planted = ${name};\n---\n<p>{String(planted)}</p>\n`;

describe('the architecture, as lint rules', () => {
  it('refuses an import upwards: a domain importing a domain above it, or reports importing search', async () => {
    const upward = await importProblems(
      'src/lib/content/planted.ts',
      useIt("import { createTicket } from '#lib/tickets/tickets.ts';", 'createTicket'),
    );
    expect(upward.join()).toMatch(/content must not import tickets/);
    const reports = await importProblems(
      'src/lib/reports/planted.ts',
      useIt("import { shapeQuery } from '#lib/search/shape-query.ts';", 'shapeQuery'),
    );
    expect(reports.join()).toMatch(/reports must not import search/);
    const intoWeb = await importProblems(
      'src/lib/tickets/planted.ts',
      useIt("import { readForm } from '#lib/web/http.ts';", 'readForm'),
    );
    expect(intoWeb.join()).toMatch(/tickets must not import web/);
    const intoDemo = await importProblems(
      'src/lib/web/planted.ts',
      useIt("import { generateDemoHistory } from '#lib/demo/generate.ts';", 'generateDemoHistory'),
    );
    expect(intoDemo.join()).toMatch(/web must not import demo/);
  });

  it('allows an import downwards', async () => {
    expect(
      await importProblems(
        'src/lib/tickets/planted.ts',
        useIt("import { getContent } from '#lib/content/store.ts';", 'getContent'),
      ),
    ).toEqual([]);
    expect(
      await importProblems(
        'src/lib/web/planted.ts',
        useIt("import { createTicket } from '#lib/tickets/tickets.ts';", 'createTicket'),
      ),
    ).toEqual([]);
  });

  it('refuses relative paths into another folder, which would hide an arrow', async () => {
    const problems = await importProblems(
      'src/lib/tickets/planted.ts',
      useIt("import { readForm } from '../web/http.ts';", 'readForm'),
    );
    expect(problems.join()).toMatch(/through its alias/);
  });

  it('keeps SQLite in db and Meilisearch in search', async () => {
    expect(
      (
        await importProblems(
          'src/lib/reports/planted.ts',
          useIt("import Database from 'better-sqlite3';", 'Database'),
        )
      ).join(),
    ).toMatch(/Only src\/lib\/db/);
    expect(
      (
        await importProblems(
          'src/lib/deflection/planted.ts',
          useIt("import { Meilisearch } from 'meilisearch';", 'Meilisearch'),
        )
      ).join(),
    ).toMatch(/Meilisearch/);
  });

  it('keeps the sentence encoder in embeddings, below search and out of reports', async () => {
    const model = "import { initModel } from '@energetic-ai/embeddings';";
    expect((await importProblems('src/lib/search/planted.ts', useIt(model, 'initModel'))).join()).toMatch(
      /Only src\/lib\/embeddings runs the sentence encoder/,
    );
    expect(await importProblems('src/lib/embeddings/planted.ts', useIt(model, 'initModel'))).toEqual([]);
    const nearest = "import { nearestArticles } from '#lib/embeddings/vector-index.ts';";
    expect(await importProblems('src/lib/search/planted.ts', useIt(nearest, 'nearestArticles'))).toEqual([]);
    expect(
      (await importProblems('src/lib/reports/planted.ts', useIt(nearest, 'nearestArticles'))).join(),
    ).toMatch(/reports must not import embeddings/);
    const upward = "import { searchFts } from '#lib/search/fts.ts';";
    expect(
      (await importProblems('src/lib/embeddings/planted.ts', useIt(upward, 'searchFts'))).join(),
    ).toMatch(/embeddings must not import search/);
  });

  it('lets pages use the web layer only, never the database or a domain function', async () => {
    const db = await importProblems(
      'src/pages/planted.astro',
      astroPage("import { getDb } from '#lib/db/connection.ts';", 'getDb'),
    );
    expect(db.join()).toMatch(/never touch the database/);
    const domain = await importProblems(
      'src/pages/planted.astro',
      astroPage("import { listQueue } from '#lib/tickets/queue.ts';", 'listQueue'),
    );
    expect(domain.join()).toMatch(/take data from #lib\/web/);
    expect(
      await importProblems(
        'src/pages/planted.astro',
        astroPage("import { queuePage } from '#lib/web/ticket-pages.ts';", 'queuePage'),
      ),
    ).toEqual([]);
  });

  it('lets components render props: types from domains, values only from the presentation helpers', async () => {
    const fetches = await importProblems(
      'src/components/Planted.astro',
      astroPage("import { getHomeData } from '#lib/web/portal.ts';", 'getHomeData'),
    );
    expect(fetches.join()).toMatch(/Components render props/);
    const typeOnly = "import type { Ticket } from '#lib/tickets/tickets.ts';";
    expect(
      await importProblems(
        'src/components/Planted.astro',
        `---\n${typeOnly}\nconst t: Ticket | null = null;\n---\n<p>{String(t)}</p>\n`,
      ),
    ).toEqual([]);
    expect(
      await importProblems(
        'src/components/Planted.astro',
        astroPage("import { formatTimeLeft } from '#lib/web/presentation.ts';", 'formatTimeLeft'),
      ),
    ).toEqual([]);
  });
});
