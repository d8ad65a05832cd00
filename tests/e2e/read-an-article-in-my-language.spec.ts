import fs from 'node:fs';
import path from 'node:path';
import { createTestSession, createTestUser, expect, test } from './fixtures.ts';

// A small fixture knowledge base beside the real one: an article with a German translation, and one
// in English only. Copied into the portal's content folder; its watcher loads them.
const FIXTURES = path.resolve('tests/fixtures/kb-translations');
const TRANSLATED = '/kb/e2e-label-printer-prints-blank-labels';
const ENGLISH_ONLY = '/kb/e2e-badge-printer-jams';

test.beforeAll(() => {
  const content = path.join(process.env.E2E_DATA_DIR!, 'content');
  fs.cpSync(FIXTURES, content, { recursive: true });
});

test.describe('a German employee', () => {
  test.use({ locale: 'de-DE' });

  test('reads a translated article in German, an untranslated one in English with a notice, and asks for a translation', async ({
    page,
    browser,
    baseURL,
  }) => {
    // The watcher picks the fixture files up within a moment.
    await expect(async () => {
      await page.goto(TRANSLATED);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(
        'Etikettendrucker druckt leere Etiketten',
        {
          timeout: 1000,
        },
      );
    }).toPass({ timeout: 15_000 });
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.getByRole('heading', { name: 'Farbband tauschen' })).toBeVisible();
    await expect(page.locator('.article-body')).not.toHaveAttribute('lang', /.+/);
    await expect(page.getByText('Noch nicht auf Deutsch verfügbar')).toHaveCount(0);
    await expect(page.locator('link[rel="alternate"][hreflang="en"]')).toHaveCount(1);

    // The other language is one link away, and shows that version.
    const languages = page.getByRole('navigation', { name: 'Weitere Sprachen dieses Artikels' });
    await languages.getByRole('link', { name: 'English' }).click();
    await expect(page).toHaveURL(/\?lang=en$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Label printer prints blank labels');

    // Untranslated: the English text, marked as English, with the notice.
    await page.goto(ENGLISH_ONLY);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Badge printer jams on every card');
    await expect(page.locator('html')).toHaveAttribute('lang', 'de');
    await expect(page.locator('.article-body')).toHaveAttribute('lang', 'en');
    const notice = page.getByRole('note').filter({ hasText: 'Noch nicht auf Deutsch verfügbar' });
    await expect(notice).toContainText('Noch nicht auf Deutsch verfügbar – hier auf Englisch.');
    await notice.getByRole('button', { name: 'Deutsche Übersetzung anfordern' }).click();
    await expect(page.getByRole('status')).toContainText(
      'Danke: Sie haben diesen Artikel auf Deutsch angefordert.',
    );
    // Asked once: the page remembers it.
    await page.goto(ENGLISH_ONLY);
    await expect(page.getByRole('button', { name: 'Deutsche Übersetzung anfordern' })).toHaveCount(0);

    // An editor sees the request, per article and language.
    const dataDir = process.env.E2E_DATA_DIR!;
    const agent = await createTestUser(dataDir, ['agent']);
    const editor = await browser.newContext({ locale: 'en-US' });
    await editor.addCookies([
      { name: 'fixpoint_session', value: createTestSession(dataDir, agent.id), url: baseURL! },
    ]);
    const agentPage = await editor.newPage();
    await agentPage.goto('/agent/kb?view=translations');
    const row = agentPage.getByRole('row').filter({ hasText: 'Badge printer jams on every card' });
    await expect(row.locator('[data-locale="de"]')).toContainText('1 request');
    await expect(row.locator('[data-locale="it"]')).toContainText('missing');
    await editor.close();
  });
});

test.describe('an editor', () => {
  test.use({ role: ['agent'] });

  test('translates an article into Italian with the source beside the draft, and an Italian reader gets it', async ({
    page,
    browser,
    baseURL,
  }) => {
    await expect(async () => {
      await page.goto('/agent/kb?view=all');
      await expect(
        page.getByRole('row').filter({ hasText: 'Label printer prints blank labels' }),
      ).toHaveCount(1, {
        timeout: 1000,
      });
    }).toPass({ timeout: 15_000 });
    const row = page.getByRole('row').filter({ hasText: 'Label printer prints blank labels' });
    await expect(row.locator('[data-locale="de"]')).toContainText('published');
    await row.locator('[data-locale="it"]').getByRole('link', { name: 'IT' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(
      'Translate (Italiano): Label printer prints blank labels',
    );
    // The source is beside the draft, which starts as the source's text.
    const source = page.getByRole('complementary', { name: /Source \(English, updated 20 November 2026\)/ });
    await expect(source.getByRole('heading', { name: 'Replace the ribbon' })).toBeVisible();
    await expect(page.getByLabel('Text (Markdown)')).toHaveValue(/## Replace the ribbon/);
    await page.getByLabel('Title (Italiano)').fill('La stampante di etichette stampa etichette bianche');
    await page
      .getByLabel('Summary (Italiano)')
      .fill('Sostituire il nastro e calibrare la stampante quando le etichette escono bianche.');
    await page
      .getByLabel('Tags (Italiano: the words people use)')
      .fill('stampante etichette, etichette bianche, nastro');
    await page
      .getByLabel('Text (Markdown)')
      .fill('## Sostituire il nastro\n\n1. Apra il coperchio.\n2. Inserisca un nastro nuovo.\n');
    await page.getByRole('button', { name: 'Publish' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'Translation published: employees who read this language see it now.',
    );
    // A careless save, then the previous version back from the translation's own history.
    await page.getByLabel('Title (Italiano)').fill('Stampante rotta???');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('link', { name: 'Revisions' }).click();
    await expect(page).toHaveURL(/\/agent\/kb\/revisions\/e2e-label-printer-prints-blank-labels\/it$/);
    const history = page.getByRole('region', { name: /revisions/i });
    await expect(history.getByRole('row')).toHaveCount(3); // header, the careless save, the publication
    await history.getByRole('link', { name: /Compare with current/ }).click();
    await expect(page.getByText('Stampante rotta???').first()).toBeVisible();
    await page.getByRole('button', { name: /^Restore revision/ }).click();
    await expect(page.getByRole('status')).toHaveText('Revision restored.');
    await expect(page.getByLabel('Title (Italiano)')).toHaveValue(
      'La stampante di etichette stampa etichette bianche',
    );

    const dataDir = process.env.E2E_DATA_DIR!;
    const reader = await createTestUser(dataDir, ['employee']);
    const italian = await browser.newContext({ locale: 'it-IT' });
    await italian.addCookies([
      { name: 'fixpoint_session', value: createTestSession(dataDir, reader.id), url: baseURL! },
    ]);
    const readerPage = await italian.newPage();
    await readerPage.goto(TRANSLATED);
    await expect(readerPage.getByRole('heading', { level: 1 })).toHaveText(
      'La stampante di etichette stampa etichette bianche',
    );
    await expect(readerPage.getByRole('heading', { name: 'Sostituire il nastro' })).toBeVisible();
    await italian.close();
  });
});
