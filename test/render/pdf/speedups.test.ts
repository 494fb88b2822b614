// The PDF renderer drives pdfmake faster: the documents of a thread share parsed fonts and shaped
// words, and style lookups allocate nothing. That must not change a byte: child processes render
// the same documents (English, Spanish, then English again) with the speed-ups, with pdfmake loaded
// first (so pdfkit keeps the plain fontkit: no shared fonts), and with HLSD_PLAIN_PDFMAKE=1
// (pdfmake as shipped), and the bytes must be the same everywhere.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

const SCRIPT = `
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
if (process.env.PRELOAD_PDFMAKE) require('pdfmake');
const { renderPdf, SPEEDUPS } = await import(${JSON.stringify(join(ROOT, 'pipeline/render/pdf/index.ts'))});
const { fixtureDocument, fixtureCharts } = await import(${JSON.stringify(join(ROOT, 'test/fixtures/document.ts'))});
const hashes = [];
for (const lang of ['en', 'es', 'en']) {
  const bytes = await renderPdf(fixtureDocument(lang), fixtureCharts(lang), { paper: 'letter', draft: false });
  hashes.push(createHash('sha256').update(bytes).digest('hex'));
}
process.stdout.write(JSON.stringify({ ...SPEEDUPS, hashes }));
`;

interface Rendered {
  sharedFonts: boolean;
  leanStyles: boolean;
  hashes: string[];
}

function renderInChild(env: Record<string, string>): Rendered {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Rendered;
}

describe('pdfmake speed-ups', () => {
  it('give the same bytes as pdfmake as shipped, for every document of a thread', () => {
    const fast = renderInChild({ HLSD_SHARED_FONTS: '1' });
    const unshared = renderInChild({ HLSD_SHARED_FONTS: '1', PRELOAD_PDFMAKE: '1' });
    const plain = renderInChild({ HLSD_PLAIN_PDFMAKE: '1' });
    expect(fast).toMatchObject({ sharedFonts: true, leanStyles: true });
    expect(unshared).toMatchObject({ sharedFonts: false, leanStyles: true });
    expect(plain).toMatchObject({ sharedFonts: false, leanStyles: false });
    expect(fast.hashes[0]).toBe(fast.hashes[2]); // English before and after Spanish
    expect(fast.hashes[0]).not.toBe(fast.hashes[1]);
    expect(unshared.hashes).toEqual(fast.hashes);
    expect(plain.hashes).toEqual(fast.hashes);
  }, 180_000);

  it('keep the characters of a glyph that an earlier document of the thread only used inside a composite', () => {
    // In Roboto "”" is drawn from the glyph of "’": writing a Spanish document's font subset once
    // left that glyph cached without its character, and the next English document lost "’" from
    // its text layer (patches/fontkit.ts forgetGlyphsWithoutCharacters).
    const script = `
import { createHash } from 'node:crypto';
const { renderDefinition, SPEEDUPS } = await import(${JSON.stringify(join(ROOT, 'pipeline/render/pdf/index.ts'))});
const hashes = [];
for (const text of ['Dijo: “sí”, y luego «no».', 'Mexico’s plan', 'Dijo: “sí”.', 'Mexico’s plan']) {
  const bytes = await renderDefinition({ content: [text], info: { title: 't', creationDate: new Date(0) } });
  hashes.push(createHash('sha256').update(bytes).digest('hex'));
}
process.stdout.write(JSON.stringify({ ...SPEEDUPS, hashes }));
`;
    const run = (env: Record<string, string>) => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...env },
        timeout: 120_000,
      });
      expect(r.status, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as Rendered;
    };
    const shared = run({ HLSD_SHARED_FONTS: '1' });
    const plain = run({ HLSD_PLAIN_PDFMAKE: '1' });
    expect(shared.sharedFonts).toBe(true);
    expect(shared.hashes).toEqual(plain.hashes);
  }, 180_000);
});
