import { chromium } from '@playwright/test';
const pages = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
const logs = [];
page.on('console', m => { if (['error','warning'].includes(m.type())) logs.push(`${m.type()}: ${m.text().slice(0,300)}`); });
await page.goto('http://localhost:3000/');
await page.getByRole('button', { name: 'Enter' }).click();
await page.waitForTimeout(3000);
await page.screenshot({ path: '/tmp/walk/home.png' });
console.log('home url', page.url());
for (const p of pages) {
  await page.goto('http://localhost:3000' + p);
  await page.waitForTimeout(4000);
  const name = p.replace(/[^a-z0-9]+/gi, '_');
  await page.screenshot({ path: `/tmp/walk/${name}.png`, fullPage: true });
  const h = await page.evaluate(() => document.body.scrollHeight);
  console.log(p, 'height', h);
}
console.log(logs.join('\n'));
await browser.close();
