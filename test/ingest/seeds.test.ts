// Reading seeds/: the manifest, the five texts, and the diagnostics for a missing, undecodable or misdescribed seed.

import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readSeeds } from '../../pipeline/ingest/seeds.js';
import type { Effects } from '../../pipeline/effects.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Reads the real files, relative to the project root, so diagnostics show `seeds/<file>` paths. */
const fsEffects: Pick<Effects, 'readFile'> = { readFile: (path) => readFile(resolve(ROOT, path)) };

/** The real files, with some paths replaced by in-memory bytes or made to fail like a missing file. */
function patched(overrides: Record<string, Buffer | 'ENOENT'>): Pick<Effects, 'readFile'> {
  return {
    async readFile(path) {
      const override = overrides[path];
      if (override === 'ENOENT')
        throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
      return override ?? fsEffects.readFile(path);
    },
  };
}

async function manifestWith(edit: (m: { seeds: Record<string, unknown>[] }) => void): Promise<Buffer> {
  const manifest = JSON.parse((await fsEffects.readFile('seeds/manifest.json')).toString('utf8'));
  edit(manifest);
  return Buffer.from(JSON.stringify(manifest));
}

describe('readSeeds', () => {
  it('reads the five seeds by role, text exactly as stored', async () => {
    const { seeds, diagnostics } = await readSeeds('seeds', fsEffects);
    expect(diagnostics).toEqual([]);
    expect(seeds.map((s) => s.role).sort()).toEqual([
      'action-plan-2022',
      'joint-statement-2021',
      'joint-statement-2022',
      'mexico-fact-sheet-2021',
      'whitehouse-fact-sheet-2021',
    ]);
    for (const seed of seeds) {
      expect(seed.text).toBe((await readFile(resolve(ROOT, 'seeds', seed.file))).toString('utf8'));
      expect(seed.title).not.toBe('');
      expect(seed.date).toMatch(/^\d{4}(-\d{2}-\d{2})?$/);
    }
    const plan = seeds.find((s) => s.role === 'action-plan-2022');
    expect(plan).toMatchObject({
      file: '2022-01-31-action-plan-summary.txt',
      publisher: 'U.S. Department of State',
      date: '2022-01-31',
    });
  });

  it('reports a missing seed file as seed/missing, naming the path and what it should contain', async () => {
    const file = 'seeds/2022-10-14-joint-statement.txt';
    const { seeds, diagnostics } = await readSeeds('seeds', patched({ [file]: 'ENOENT' }));
    expect(seeds).toHaveLength(4);
    expect(diagnostics).toHaveLength(1);
    const [d] = diagnostics;
    expect(d).toMatchObject({ file, rule: 'seed/missing', severity: 'error' });
    expect(d.message).toContain(file);
    expect(d.message).toContain('13 actions');
    expect(d.hint).toContain('002_16ba974b28536181.txt');
  });

  it('reports invalid UTF-8 as seed/encoding with the line of the bad byte', async () => {
    const file = 'seeds/2021-mexico-fact-sheet.txt';
    const bytes = Buffer.concat([
      Buffer.from('first line\nsecond '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' line\n'),
    ]);
    const { seeds, diagnostics } = await readSeeds('seeds', patched({ [file]: bytes }));
    expect(seeds).toHaveLength(4);
    expect(diagnostics).toEqual([expect.objectContaining({ file, rule: 'seed/encoding', line: 2, column: 8 })]);
    expect(diagnostics[0].hint).toBeTruthy();
  });

  it('reports a missing manifest, invalid JSON and a wrong shape as seed/manifest without throwing', async () => {
    const file = 'seeds/manifest.json';
    const cases: (Buffer | 'ENOENT')[] = [
      'ENOENT',
      Buffer.from('{ "seeds": [ '),
      Buffer.from('{"seeds": [{"role": "nope"}]}'),
    ];
    for (const manifest of cases) {
      const { seeds, diagnostics } = await readSeeds('seeds', patched({ [file]: manifest }));
      expect(seeds).toEqual([]);
      expect(diagnostics.length).toBeGreaterThan(0);
      for (const d of diagnostics) expect(d).toMatchObject({ file, rule: 'seed/manifest', severity: 'error' });
    }
  });

  it('reports a role listed twice or not at all as seed/manifest', async () => {
    const manifest = await manifestWith((m) => {
      m.seeds[1].role = 'whitehouse-fact-sheet-2021';
    });
    const { diagnostics } = await readSeeds('seeds', patched({ 'seeds/manifest.json': manifest }));
    const messages = diagnostics.map((d) => `${d.rule} ${d.message}`);
    expect(messages).toEqual([
      expect.stringMatching(/^seed\/manifest .*"whitehouse-fact-sheet-2021".*found 2 entries/),
      expect.stringMatching(/^seed\/manifest .*"joint-statement-2021".*found none/),
    ]);
  });

  it('keeps seeds/ byte-for-byte as documented in seeds/README.md', async () => {
    const readme = (await fsEffects.readFile('seeds/README.md')).toString('utf8');
    const { seeds } = await readSeeds('seeds', fsEffects);
    for (const seed of seeds) {
      const sha = createHash('sha256')
        .update(await fsEffects.readFile(`seeds/${seed.file}`))
        .digest('hex');
      expect(readme).toMatch(new RegExp(`${seed.file.replace(/\./g, '\\.')}[^\\n]*${sha}`));
    }
  });
});
