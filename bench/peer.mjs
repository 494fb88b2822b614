// The PEER: Chromium (through playwright-core) printing the project's own HTML reports to PDF,
// all pages at once as a browser would, from launch to close.
//
//   node bench/peer.mjs <out-dir> <report.html>...
//
// Plain JavaScript: nothing of the pipeline is loaded. Prints JSON timings on stdout.

import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [outDir, ...pages] = process.argv.slice(2);
const t0 = performance.now();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
const launchMs = performance.now() - t0;
const t1 = performance.now();
await Promise.all(
  pages.map(async (html) => {
    const page = await browser.newPage();
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    await page.pdf({
      path: join(outDir, basename(html).replace(/\.html$/, '.pdf')),
      format: 'Letter',
      printBackground: true,
    });
    await page.close();
  }),
);
const printMs = performance.now() - t1;
await browser.close();
process.stdout.write(`${JSON.stringify({ launchMs, printMs, totalMs: performance.now() - t0 })}\n`);
