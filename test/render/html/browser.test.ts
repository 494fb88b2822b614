// The rendered fixture pages in a real browser: accessibility (axe), no network, anchors across
// both files, CSP, layout at 360 px, print. Screenshots go to the temp dir for a human to look at.

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../../pipeline/core/types.js';
import { renderHtml } from '../../../pipeline/render/html/index.js';
import { FIXTURE_FILES, fixtureCharts, fixtureDocument, XSS_PAYLOADS, xssDocument } from '../../fixtures/document.js';
import { axePath, chromiumMissing, launchChromium } from '../../helpers/browser.js';
import { all, parseHtml } from './dom.js';
import { templates } from './templates.js';

const missing = chromiumMissing();
if (missing) console.warn(missing);

const LANGS: Lang[] = ['en', 'es'];
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENSHOT_DIR = process.env.HTML_SCREENSHOT_DIR ?? tmpdir();

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

describe.skipIf(missing !== null)('HTML pages in chromium', () => {
  let dir: string;
  let browser: Browser;
  const ids: Record<Lang, Set<string>> = { en: new Set(), es: new Set() };
  const url = (lang: Lang) => pathToFileURL(join(dir, FIXTURE_FILES[lang])).href;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hlsd-html-'));
    const t = await templates();
    for (const lang of LANGS) {
      const html = renderHtml(fixtureDocument(lang), fixtureCharts(lang), t);
      await writeFile(join(dir, FIXTURE_FILES[lang]), html);
      for (const e of all(parseHtml(html), (e) => e.attrs.id !== undefined)) ids[lang].add(e.attrs.id!);
    }
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Opens a file page, recording every request that is not the page itself and every CSP violation. */
  async function open(context: BrowserContext, target: string, width = 1280, alsoAllowed: string[] = []) {
    const allowed = new Set([target, ...alsoAllowed]);
    const page = await context.newPage();
    await page.setViewportSize({ width, height: 900 });
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      const u = route.request().url();
      if (allowed.has(u)) return route.continue();
      requests.push(u);
      return route.abort();
    });
    page.on('request', (r) => {
      if (!allowed.has(r.url()) && !requests.includes(r.url())) requests.push(r.url());
    });
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(m.text());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) =>
        w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    await page.goto(target, { waitUntil: 'load' });
    const cspViolations = () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
    return { page, requests, consoleErrors, cspViolations };
  }

  async function runAxe(page: Page): Promise<AxeViolation[]> {
    await page.addScriptTag({ path: axePath() });
    return page.evaluate(async (tags) => {
      const axe = (
        window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: AxeViolation[] }> } }
      ).axe;
      const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
      }));
    }, AXE_TAGS);
  }

  const describeViolations = (vs: AxeViolation[]) =>
    vs
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary ?? ''}`).join('\n  ')}`,
      )
      .join('\n');

  it('the network recorder sees a request (control)', async () => {
    const control = join(dir, 'control.html');
    await writeFile(
      control,
      '<!DOCTYPE html><html lang="en"><title>c</title><img alt="" src="http://example.invalid/x.png">',
    );
    const context = await browser.newContext();
    const { requests } = await open(context, pathToFileURL(control).href);
    await context.close();
    expect(requests).toContain('http://example.invalid/x.png');
  });

  it('axe reports a violation when there is one (control)', async () => {
    const control = join(dir, 'control-axe.html');
    await writeFile(control, '<!DOCTYPE html><html><title>c</title><p style="color:#bbb">faint</p><a href="#x"></a>');
    const context = await browser.newContext({ bypassCSP: true });
    const { page } = await open(context, pathToFileURL(control).href);
    const ids = (await runAxe(page)).map((v) => v.id);
    await context.close();
    expect(ids).toEqual(expect.arrayContaining(['html-has-lang', 'color-contrast', 'link-name']));
  });

  describe.each(LANGS)('%s', (lang) => {
    it('loads nothing, breaks no CSP rule, and applies its stylesheet', async () => {
      const context = await browser.newContext();
      const { page, requests, consoleErrors, cspViolations } = await open(context, url(lang));
      expect(requests).toEqual([]);
      expect(await cspViolations()).toEqual([]);
      expect(consoleErrors).toEqual([]);
      // The hash in the CSP matches: the header got its colour from the inline stylesheet.
      const bg = await page.$eval('.site-header', (e) => getComputedStyle(e).backgroundColor);
      expect(bg).toBe('rgb(15, 45, 79)');
      await page.screenshot({ path: join(SCREENSHOT_DIR, `hlsd-html-${lang}-1280.png`), fullPage: true });
      await context.close();
    });

    it('has no axe violations (WCAG 2.0/2.1 A and AA), with data tables closed and open, wide and narrow', async () => {
      const context = await browser.newContext({ bypassCSP: true });
      for (const width of [1280, 360]) {
        const { page } = await open(context, url(lang), width);
        const closed = await runAxe(page);
        expect(closed, describeViolations(closed)).toEqual([]);
        await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
        const opened = await runAxe(page);
        expect(opened, describeViolations(opened)).toEqual([]);
        await page.close();
      }
      await context.close();
    });

    it('resolves every contents link here and every language link in the other file', async () => {
      const context = await browser.newContext();
      const other: Lang = lang === 'en' ? 'es' : 'en';
      const { page, requests } = await open(context, url(lang), 1280, [url(other)]);
      const toc = await page.$$eval('nav a', (as) => as.map((a) => a.getAttribute('href')!));
      expect(toc.length).toBeGreaterThan(0);
      for (const href of toc) {
        expect(href.startsWith('#')).toBe(true);
        expect(await page.$(`[id="${href.slice(1)}"]`), href).not.toBeNull();
      }
      const internal = await page.$$eval('a[href^="#"]', (as) => as.map((a) => a.getAttribute('href')!));
      for (const href of internal) expect(ids[lang].has(href.slice(1)), href).toBe(true);
      const switches = await page.$$eval('a[hreflang]', (as) => as.map((a) => a.getAttribute('href')!));
      expect(switches.length).toBeGreaterThan(1);
      for (const href of switches) {
        const [file, fragment] = href.split('#');
        expect(file).toBe(FIXTURE_FILES[other]);
        if (fragment !== undefined) expect(ids[other].has(fragment), href).toBe(true);
      }
      // Following one really lands on the same section in the other language.
      await page.click('.section__lang[href$="#goal-1"]');
      await page.waitForURL(`${url(other)}#goal-1`);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(other === 'en' ? 'en-US' : 'es-MX');
      // In view (the short fixture page cannot always scroll the heading to the very top).
      await page.waitForFunction(() => {
        const top = document.getElementById('goal-1')!.getBoundingClientRect().top;
        return window.scrollY > 0 && top >= 0 && top < window.innerHeight;
      });
      expect(requests).toEqual([]);
      await context.close();
    });

    it('does not scroll sideways at 360 px; tables stack their rows, charts redraw to the width (#25)', async () => {
      const context = await browser.newContext();
      const { page } = await open(context, url(lang), 360);
      await page.$$eval('details', (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      // No table box scrolls sideways: each row is a block, each cell under its column's heading.
      const boxes = await page.$$eval('.table-scroll', (els) => els.map((e) => e.scrollWidth > e.clientWidth));
      expect(boxes).not.toContain(true);
      const label = await page.$eval('.table-scroll td[data-label]', (td) => ({
        display: getComputedStyle(td).display,
        before: getComputedStyle(td, '::before').content,
      }));
      expect(['block', 'flow-root']).toContain(label.display);
      expect(label.before).toMatch(/^".+"$/);
      // The chart fits the page without a box that scrolls: its viewBox scales it to the width.
      const chart = await page.$eval('.figure__chart', (e) => ({
        box: e.getBoundingClientRect().right,
        svg: e.querySelector('svg')!.getBoundingClientRect().right,
        scrolls: e.scrollWidth > e.clientWidth,
      }));
      expect(chart.box).toBeLessThanOrEqual(360);
      expect(chart.svg).toBeLessThanOrEqual(360);
      expect(chart.scrolls).toBe(false);
      // The table of contents is folded away behind its title.
      expect(await page.$eval('nav details', (d) => (d as HTMLDetailsElement).open)).toBe(true); // opened above
      await page.reload();
      expect(await page.$eval('nav details', (d) => (d as HTMLDetailsElement).open)).toBe(false);
      expect(await page.$eval('nav ol', (e) => e.checkVisibility())).toBe(false);
      expect(await page.$eval('nav summary', (e) => e.checkVisibility())).toBe(true);
      await page.setViewportSize({ width: 375, height: 812 });
      await page.screenshot({ path: join(SCREENSHOT_DIR, `hlsd-html-${lang}-375.png`), fullPage: true });
      await context.close();
    });

    it('shows keyboard focus, starting with the skip link', async () => {
      const context = await browser.newContext();
      const { page } = await open(context, url(lang));
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const a = document.activeElement as HTMLElement;
        const r = a.getBoundingClientRect();
        const s = getComputedStyle(a);
        return { cls: a.className, top: r.top, outline: s.outlineStyle, width: s.outlineWidth };
      });
      expect(focused.cls).toBe('skip-link');
      expect(focused.top).toBeGreaterThanOrEqual(0);
      expect(focused.outline).not.toBe('none');
      await page.keyboard.press('Enter');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
      await context.close();
    });

    it('prints without navigation and with data tables expanded', async () => {
      const context = await browser.newContext();
      const { page } = await open(context, url(lang));
      await page.emulateMedia({ media: 'print' });
      expect(await page.$eval('nav', (e) => getComputedStyle(e).display)).toBe('none');
      expect(await page.$eval('.figure__data > summary', (e) => getComputedStyle(e).display)).toBe('none');
      const table = await page.$eval('details table', (e) => e.getBoundingClientRect().height);
      expect(table).toBeGreaterThan(0);
      const pdf = await page.pdf({ format: 'Letter' });
      await writeFile(join(SCREENSHOT_DIR, `hlsd-html-${lang}-print.pdf`), pdf);
      await context.close();
    });
  });

  it.each(LANGS)('runs nothing from hostile text (%s)', async (lang) => {
    const file = join(dir, `xss-${lang}.html`);
    await writeFile(file, renderHtml(xssDocument(lang), fixtureCharts(lang), await templates()));
    const context = await browser.newContext();
    const dialogs: string[] = [];
    context.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const { page, requests, cspViolations } = await open(context, pathToFileURL(file).href);
    expect(dialogs).toEqual([]);
    expect(requests).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(await page.evaluate(() => [document.scripts.length, document.images.length])).toEqual([0, 0]);
    const h1 = await page.$eval('h1', (e) => e.textContent ?? '');
    for (const p of XSS_PAYLOADS) expect(h1).toContain(p);
    await context.close();
  });

  it('wrote the pages it tested', async () => {
    for (const lang of LANGS)
      expect((await readFile(join(dir, FIXTURE_FILES[lang]), 'utf8')).startsWith('<!DOCTYPE html>')).toBe(true);
  });
});
