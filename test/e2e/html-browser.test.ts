// The real report's HTML (the run's default build from data/ and seeds/, test/helpers/default-build.ts;
// the HTML does not depend on --format) in Chromium: no request leaves the file,
// axe finds no WCAG 2.1 A/AA violation, every in-page and cross-language anchor resolves, and
// nothing scrolls sideways at 360 px. (test/render/html/ does the same on hand-made fixtures.)

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axePath, chromiumMissing, launchChromium } from '../helpers/browser.js';
import { YEAR } from '../helpers/cli.js';
import { defaultBuild } from '../helpers/report.js';

const missing = chromiumMissing();
const FILES = { en: `hlsd-report-${YEAR}-en.html`, es: `hlsd-report-${YEAR}-es.html` } as const;
type Lang = keyof typeof FILES;

describe.skipIf(missing !== null)('the built HTML report in chromium', () => {
  let out: string;
  let browser: Browser;
  const ids: Record<Lang, Set<string>> = { en: new Set(), es: new Set() };

  beforeAll(async () => {
    const r = await defaultBuild();
    expect(r.status).toBe(0);
    out = r.out;
    for (const lang of ['en', 'es'] as const) {
      for (const m of readFileSync(join(out, FILES[lang]), 'utf8').matchAll(/\sid="([^"]+)"/g)) ids[lang].add(m[1]!);
    }
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
  });

  async function open(lang: Lang, width: number): Promise<{ page: Page; requests: string[] }> {
    const context = await browser.newContext({ bypassCSP: true, viewport: { width, height: 900 } });
    const page = await context.newPage();
    const self = pathToFileURL(join(out, FILES[lang])).href;
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (u === self) return route.continue();
      requests.push(u);
      return route.abort();
    });
    await page.goto(self, { waitUntil: 'load' });
    return { page, requests };
  }

  describe.each(['en', 'es'] as const)('%s', (lang) => {
    it('makes no request, has no axe violation wide or narrow, and does not scroll sideways at 360 px', async () => {
      for (const width of [1280, 375, 360]) {
        const { page, requests } = await open(lang, width);
        await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        await page.addScriptTag({ path: axePath() });
        const violations = await page.evaluate(async () => {
          const axe = (
            window as unknown as {
              axe: {
                run: (
                  d: Document,
                  o: object,
                ) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }>;
              };
            }
          ).axe;
          const r = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
          });
          return r.violations.map(
            (v) =>
              `${v.id}: ${v.nodes
                .map((n) => n.target.join(' '))
                .slice(0, 3)
                .join(', ')}`,
          );
        });
        expect(violations, `axe at ${width}px`).toEqual([]);
        expect(requests).toEqual([]);
        if (width < 1280)
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
        await page.context().close();
      }
    }, 120_000);

    it('resolves every in-page anchor and every link to the same chapter in the other language', async () => {
      const { page } = await open(lang, 1280);
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!));
      await page.context().close();
      const other: Lang = lang === 'en' ? 'es' : 'en';
      const local = hrefs.filter((h) => h.startsWith('#'));
      const cross = hrefs.filter((h) => h.startsWith(FILES[other]));
      expect(local.length).toBeGreaterThan(50);
      // One language switch per chapter (and the page's own, top and bottom), not one per heading.
      expect(cross.length).toBeGreaterThan(8);
      expect(cross.length).toBeLessThan(20);
      for (const h of local) expect(ids[lang], h).toContain(decodeURIComponent(h.slice(1)));
      for (const h of cross) {
        const id = h.split('#')[1];
        if (id) expect(ids[other], h).toContain(decodeURIComponent(id));
      }
    }, 60_000);
  });
});
