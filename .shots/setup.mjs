import { chromium } from '@playwright/test';
const [, , base, empPw, agentPw] = process.argv;
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu'],
});
async function signIn(email, pw) {
  const ctx = await browser.newContext({ baseURL: base });
  const page = await ctx.newPage();
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(pw);
  await page.locator('#password').press('Enter');
  await page.waitForLoadState('networkidle');
  return page;
}
const emp = await signIn('employee@fixpoint.example', empPw);
await emp.goto('/help?subject=' + encodeURIComponent('Drucker im 3. Stock druckt nicht'));
await emp.getByRole('button', { name: 'Create a ticket' }).click();
await emp
  .locator('#t-description')
  .fill('Seit heute Morgen kommt nichts aus dem Drucker **HP-3OG**. Neustart hat nicht geholfen.');
await emp.getByRole('button', { name: 'Submit ticket' }).click();
await emp.waitForURL(/\/requests\/\d+/);
const number = emp.url().match(/requests\/(\d+)/)[1];
console.log('ticket', number);
const agent = await signIn('agent@fixpoint.example', agentPw);
await agent.goto(`/agent/tickets/${number}`);
await agent.getByRole('button', { name: 'Claim' }).click();
await agent.getByLabel('Message (Markdown)').fill('Bitte prüfen Sie, ob der Drucker eingeschaltet ist.');
await agent.getByRole('button', { name: 'Send reply to requester' }).click();
await agent.getByLabel('New status').selectOption('resolved');
await agent.getByLabel('Resolution note').fill('Papierstau im Fach 2 behoben.');
await agent.getByRole('button', { name: 'Change status' }).click();
await agent.waitForLoadState('networkidle');
await browser.close();
