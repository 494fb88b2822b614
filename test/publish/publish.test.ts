// Writing out/<year>/: unchanged files are not rewritten, the manifest carries the build stamp and
// comes last, and a write that fails part-way leaves the previous outputs and manifest as they were.

import { describe, expect, it } from 'vitest';
import type { ReportModel } from '../../pipeline/core/types.js';
import { sha256 as sha256Hex } from '../../pipeline/core/hash.js';
import { MANIFEST } from '../../pipeline/core/outputs.js';
import { publish, type PublishContext } from '../../pipeline/publish/index.js';
import { upToDate } from '../../pipeline/revisions/plan.js';
import type { BuildStamp } from '../../pipeline/revisions/stamp.js';
import type { OutputFile } from '../../pipeline/core/outputs.js';
import { memoryEffects, projectOptions } from './helpers.js';

const options = projectOptions('/p/data', { out: '/p/out' });
const ctx = (stamp: BuildStamp): PublishContext => ({
  model: { year: 2022 } as ReportModel,
  assessment: { assessments: [], rollups: [], gaps: [] } as never,
  options,
  stamp,
  revision: { number: 1, date: '2022-10-14', published: false, pending: true },
});
const stamp = (inputHash: string): BuildStamp => ({ inputHash, contentHash: 'c', files: {} });
const file = (name: string, text: string): OutputFile => ({
  lang: name.includes('-es') ? 'es' : 'en',
  format: name.endsWith('.pdf') ? 'pdf' : 'html',
  name,
  bytes: Buffer.from(text),
});
const v1 = [file('r-en.pdf', 'pdf en 1'), file('r-es.pdf', 'pdf es 1'), file('r-en.html', 'html en 1')];
const v2 = [file('r-en.pdf', 'pdf en 2'), file('r-es.pdf', 'pdf es 2'), file('r-en.html', 'html en 2')];

describe('publish', () => {
  it('writes the files then the manifest with the stamp, and rewrites nothing the second time', async () => {
    const { effects, files } = memoryEffects();
    const first = await publish(v1, ctx(stamp('h1')), effects);
    expect(first.written).toEqual([
      '/p/out/2022/r-en.pdf',
      '/p/out/2022/r-es.pdf',
      '/p/out/2022/r-en.html',
      '/p/out/2022/manifest.json',
    ]);
    const manifest = JSON.parse(files.get('/p/out/2022/manifest.json')!.toString());
    expect(manifest).toMatchObject({
      year: 2022,
      revision: { number: 1, date: '2022-10-14' },
      inputHash: 'h1',
      contentHash: 'c',
    });
    expect(manifest.files.map((f: { path: string; sha256: string }) => [f.path, f.sha256])).toEqual([
      ['r-en.html', sha256Hex('html en 1')],
      ['r-en.pdf', sha256Hex('pdf en 1')],
      ['r-es.pdf', sha256Hex('pdf es 1')],
    ]);
    const again = await publish(v1, ctx(stamp('h1')), effects);
    expect(again.written).toEqual([]);
  });

  it('recognises an up-to-date folder by its stamp and checksums, and nothing else', async () => {
    const { effects, files } = memoryEffects();
    await publish(v1, ctx(stamp('h1')), effects);
    expect(await upToDate('/p/out/2022', stamp('h1'), effects)).toBeDefined();
    expect(await upToDate('/p/out/2022', stamp('h2'), effects)).toBeUndefined();
    files.set('/p/out/2022/r-es.pdf', Buffer.from('tampered'));
    expect(await upToDate('/p/out/2022', stamp('h1'), effects)).toBeUndefined();
    files.delete('/p/out/2022/r-es.pdf');
    expect(await upToDate('/p/out/2022', stamp('h1'), effects)).toBeUndefined();
  });

  it('puts back the files already replaced when a later write fails, and keeps the old manifest', async () => {
    const { effects: setup, files } = memoryEffects();
    await publish(v1, ctx(stamp('h1')), setup);
    const before = new Map([...files].map(([k, v]) => [k, sha256Hex(v)]));
    // The third write of the new build (the English HTML) fails: disk full.
    const { effects } = memoryEffects({}, (_path, n) => n === 3);
    const failing = {
      ...effects,
      readFile: setup.readFile,
      exists: setup.exists,
      writeFileAtomic: async (path: string, data: Buffer | string) => {
        await effects.writeFileAtomic(path, data);
        files.set(path, Buffer.from(data));
      },
    };
    await expect(publish(v2, ctx(stamp('h2')), failing)).rejects.toThrow(/ENOSPC/);
    expect(new Map([...files].map(([k, v]) => [k, sha256Hex(v)]))).toEqual(before);
    const manifest = JSON.parse(files.get(`/p/out/2022/${MANIFEST}`)!.toString());
    for (const f of manifest.files) expect(sha256Hex(files.get(`/p/out/2022/${f.path}`)!)).toBe(f.sha256);
    expect(manifest.inputHash).toBe('h1');
  });
});
