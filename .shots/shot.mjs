import { chromium } from '@playwright/test';
import fs from 'node:fs';
const [, , base, email, password, outDir, locales, ...paths] = process.argv;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
for (const locale of locales.split(',')) {
  for (const [name, viewport] of [
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ]) {
    const ctx = await browser.newContext({ viewport, baseURL: base, timezoneId: 'Europe/Zurich' });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.locator('#email').fill(email);
    await page.locator('input[type=password]').fill(password);
    await page.locator('#password').press('Enter');
    await page.waitForLoadState('networkidle');
    await ctx.addCookies([{ name: 'locale', value: locale, url: base }]);
    for (const p of paths) {
      const [url, action] = p.split('|');
      await page.goto(url);
      if (action === 'type') {
        await page.locator('#subject').click();
        await page.keyboard.type(
          locale === 'de'
            ? 'vpn trennt ständig'
            : locale === 'it'
              ? 'la vpn si disconnette'
              : 'vpn keeps disconnecting',
          { delay: 30 },
        );
        await page.waitForTimeout(1500);
      }
      if (action === 'ticket') {
        await page.locator('#subject').fill('Drucker druckt nicht');
        await page.getByRole('button', { name: /Ticket erstellen|Apri un ticket|Create a ticket/ }).click();
        await page.waitForLoadState('networkidle');
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      const file = `${outDir}/${locale}-${name}-${url.replace(/[^a-z0-9]+/gi, '_')}${action ? '-' + action : ''}.png`;
      if (name === 'desktop') await page.screenshot({ path: file, fullPage: true });
      else
        for (const [i, y] of [0, 800, 1600].entries()) {
          await page.evaluate((top) => window.scrollTo(0, top), y);
          await page.screenshot({ path: file.replace('.png', `-${i}.png`) });
        }
      if (name === 'desktop')
        fs.writeFileSync(file.replace('.png', '.txt'), await page.evaluate(() => document.body.innerText));
      console.log(file, overflow ? 'OVERFLOW' : '');
    }
    await ctx.close();
  }
}
await browser.close();
