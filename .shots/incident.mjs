import { chromium } from '@playwright/test';
const [, , base, agentPw] = process.argv;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
const ctx = await browser.newContext({ baseURL: base });
const page = await ctx.newPage();
await page.goto('/login');
await page.locator('#email').fill('agent@fixpoint.example');
await page.locator('#password').fill(agentPw);
await page.locator('#password').press('Enter');
await page.waitForLoadState('networkidle');
await page.goto('/agent/incidents');
const declare = page.getByRole('region', { name: 'Declare an incident' });
await declare.getByLabel('Title').fill('VPN-Ausfall Standort Zürich');
await declare.getByLabel('Affected service or category').fill('VPN');
await declare.getByLabel('Message for employees').fill('Das VPN ist für alle gestört. Kein Ticket nötig.');
await declare.getByRole('button', { name: 'Declare the incident' }).click();
await page.waitForLoadState('networkidle');
console.log(page.url());
await browser.close();
