// The PDF renderer shares parsed fonts and shaped words between the documents of a thread. That
// must not change a byte: two child processes render the same documents (English, Spanish, then
// English again), one with sharing and one where pdfmake was loaded first (so pdfkit keeps the
// plain fontkit and nothing is shared), and the bytes must be the same everywhere.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../../helpers/cli.js';

const SCRIPT = `
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(ROOT, 'package.json'))});
if (process.env.PRELOAD_PDFMAKE) require('pdfmake');
const { renderPdf, SHARED_FONTS } = await import(${JSON.stringify(join(ROOT, 'pipeline/render/pdf/index.ts'))});
const { fixtureDocument, fixtureCharts } = await import(${JSON.stringify(join(ROOT, 'test/fixtures/document.ts'))});
const hashes = [];
for (const lang of ['en', 'es', 'en']) {
  const bytes = await renderPdf(fixtureDocument(lang), fixtureCharts(lang), { paper: 'letter', draft: false });
  hashes.push(createHash('sha256').update(bytes).digest('hex'));
}
process.stdout.write(JSON.stringify({ shared: SHARED_FONTS, hashes }));
`;

function renderInChild(preload: boolean): { shared: boolean; hashes: string[] } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', SCRIPT], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ...(preload ? { PRELOAD_PDFMAKE: '1' } : {}) },
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { shared: boolean; hashes: string[] };
}

describe('shared fonts', () => {
  it('give the same bytes as unshared fonts, for every document of a thread', () => {
    const shared = renderInChild(false);
    const plain = renderInChild(true);
    expect(shared.shared).toBe(true);
    expect(plain.shared).toBe(false);
    expect(shared.hashes[0]).toBe(shared.hashes[2]); // English before and after Spanish
    expect(shared.hashes[0]).not.toBe(shared.hashes[1]);
    expect(shared.hashes).toEqual(plain.hashes);
  }, 180_000);
});
