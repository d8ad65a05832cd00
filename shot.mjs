import { chromium } from '@playwright/test';
const [, , lang, who, pw, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
for (const [w, h, tag] of [[1280, 900, 'desk'], [390, 844, 'phone']]) {
  const ctx = await browser.newContext({ viewport: { width: w, height: h }, locale: lang });
  const page = await ctx.newPage();
  if (who) {
    await page.goto('http://localhost:4452/login');
    await page.fill('input[name=email]', who);
    await page.fill('input[name=password]', pw);
    await page.click('form[action="/login"] button[type=submit], form:not([action]) button[type=submit]');
    await page.waitForLoadState();
  }
  for (const p of paths) {
    await page.goto('http://localhost:4452' + p);
    const name = `/tmp/fp/shot-${lang}-${tag}-${p.replace(/[^a-z0-9]/gi, '_')}.png`;
    await page.screenshot({ path: name, fullPage: false });
    console.log(name);
  }
  await ctx.close();
}
await browser.close();
