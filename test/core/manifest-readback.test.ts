// manifest.json is read back like data: a path outside its folder, a bad digest or an oversized
// file makes it count as absent (everything is rebuilt and rewritten), never as paths to trust.

import { describe, expect, it } from 'vitest';
import { readManifest } from '../../pipeline/core/outputs.js';
import type { Effects } from '../../pipeline/effects.js';

const entry = { path: 'hlsd-report-2022-en.pdf', lang: 'en', format: 'pdf', bytes: 10, sha256: 'a'.repeat(64) };
const withFile = (text: string) => ({ readFile: async () => Buffer.from(text) }) as unknown as Effects;
const manifest = (files: unknown[]) => JSON.stringify({ generator: 'hlsd-report', year: 2022, files });

describe('readManifest', () => {
  it('reads a manifest the tool wrote', async () => {
    expect(
      (await readManifest('out/2022', withFile(manifest([entry, { ...entry, path: 'data/observations.csv' }]))))?.files,
    ).toHaveLength(2);
  });

  it('treats paths outside the folder, bad digests and broken JSON as no manifest', async () => {
    for (const bad of [
      manifest([{ ...entry, path: '../../outside.txt' }]),
      manifest([{ ...entry, path: '/etc/passwd' }]),
      manifest([{ ...entry, path: 'data/../../x' }]),
      manifest([{ ...entry, sha256: 'nope' }]),
      manifest([{ ...entry, bytes: '10' }]),
      '{"year": 2022, "files": {}}',
      '{',
    ])
      expect(await readManifest('out/2022', withFile(bad)), bad).toBeUndefined();
  });
});
