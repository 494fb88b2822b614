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
    // Shared fonts are opt-in (HLSD_SHARED_FONTS=1, see render/pdf/index.ts): this still checks them.
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
});
