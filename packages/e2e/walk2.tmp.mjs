import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
await page.goto('http://localhost:3000/');
await page.getByRole('button', { name: 'Enter' }).click();
await page.waitForTimeout(2000);
console.log('landed on', page.url());
await page.goto('http://localhost:3000/create/templates/default/federated-learning-openfl');
await page.waitForTimeout(4000);
await page.screenshot({ path: '/tmp/walk/openfl-1.png', fullPage: true });
await page.getByLabel(/Job name/i).fill('walk-openfl').catch(e => console.log('name', e.message));
await page.getByRole('button', { name: 'Next' }).click();
await page.waitForTimeout(3000);
await page.screenshot({ path: '/tmp/walk/openfl-2.png', fullPage: true });
await page.getByRole('button', { name: 'Next' }).click();
await page.waitForTimeout(3000);
await page.screenshot({ path: '/tmp/walk/openfl-3.png', fullPage: true });
// Pick the PVC option.
const combo = page.getByRole('button', { name: /S3, in a location/ });
if (await combo.count()) { await combo.first().click(); await page.getByRole('option', { name: /PVC/ }).click(); }
await page.waitForTimeout(1000);
await page.screenshot({ path: '/tmp/walk/openfl-4.png', fullPage: true });
await page.getByRole('button', { name: /Next|Review/ }).first().click();
await page.waitForTimeout(2000);
await page.screenshot({ path: '/tmp/walk/openfl-5.png', fullPage: true });
await browser.close();
