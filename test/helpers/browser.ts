// Headless Debian chromium for browser tests, through playwright-core (no downloaded browsers).

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Null when the browser is there; otherwise the reason the browser tests are skipped. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `browser tests skipped: no chromium at ${CHROMIUM_PATH} (install Debian's chromium or set CHROMIUM_PATH)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** Path of axe-core's browser bundle, to inject into a page with `addScriptTag({ path })`. */
export function axePath(): string {
  return createRequire(import.meta.url).resolve('axe-core/axe.min.js');
}
