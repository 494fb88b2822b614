// The fast "up to date" check replays what the last successful build read. These tests make a
// stand-in build read, list, check and ask the date through the recording effects, then change
// one thing at a time: every change to an input, an output, the options or the day (when the
// build asked for it) must send the next build down the full path; nothing else may.

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Effects } from '../../pipeline/effects.js';
import { DEFAULT_OPTIONS, type BuildOptions } from '../../pipeline/options.js';
import { recordInputs, replayUpToDate } from '../../pipeline/revisions/replay.js';
import { memoryEffects } from '../publish/helpers.js';

const sha = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const options: BuildOptions = { ...DEFAULT_OPTIONS, paths: { ...DEFAULT_OPTIONS.paths } };

/** A stand-in build: reads inputs (and its own old outputs and cache), then writes outputs and a manifest. */
async function fakeBuild(effects: Effects, opts = { askDate: false }) {
  await effects.readFile('data/observations.csv');
  await effects.readFile('seeds/manifest.json');
  await effects.listDir('templates/i18n/es');
  await effects.exists('published/2022');
  await effects.readFile('published/2022/r1/revision.json').catch(() => undefined);
  await effects.readFile('out/2022/manifest.json').catch(() => undefined); // an output: not an input
  await effects.readFile('.cache/charts/abc.svg').catch(() => undefined); // the cache: not an input
  if (opts.askDate) effects.clock();
  const pdf = 'PDF bytes';
  await effects.writeFileAtomic('out/2022/report.pdf', pdf);
  await effects.writeFileAtomic(
    'out/2022/manifest.json',
    JSON.stringify({ files: [{ path: 'report.pdf', sha256: sha(pdf) }] }),
  );
}

async function builtProject(askDate = false) {
  const mem = memoryEffects({
    'data/observations.csv': 'metric,country,period,value\n',
    'seeds/manifest.json': '[]',
    'templates/i18n/es/report.json': '{}',
    '.cache/charts/abc.svg': '<svg/>',
  });
  const recorder = recordInputs(options, mem.effects);
  await fakeBuild(recorder.effects, { askDate });
  await recorder.save('out/2022', [
    {
      severity: 'warning',
      rule: 'x/y',
      message: 'a warning',
      file: 'data/observations.csv',
      line: 2,
      column: 1,
    } as never,
  ]);
  return mem;
}

describe('replayUpToDate', () => {
  it('answers "up to date" with the recorded warnings when nothing changed', async () => {
    const { effects } = await builtProject();
    const hit = await replayUpToDate(options, effects);
    expect(hit?.dir).toBe('out/2022');
    expect(hit?.warnings.map((w) => w.message)).toEqual(['a warning']);
    // The number of render threads does not change the output.
    expect(await replayUpToDate({ ...options, jobs: 1 }, effects)).toBeDefined();
  });

  it('ignores changes to the outputs folder reads and to the chart cache', async () => {
    const { effects, files } = await builtProject();
    files.set('.cache/charts/abc.svg', Buffer.from('<svg>changed</svg>'));
    expect(await replayUpToDate(options, effects)).toBeDefined();
  });

  const misses: [string, (files: Map<string, Buffer>) => void][] = [
    ['one byte of a data file', (f) => f.set('data/observations.csv', Buffer.from('metric,country,period,value \n'))],
    ['a seed file removed', (f) => f.delete('seeds/manifest.json')],
    ['a new file in a listed folder', (f) => f.set('templates/i18n/es/extra.json', Buffer.from('{}'))],
    ['a published revision appearing', (f) => f.set('published/2022/r1/revision.json', Buffer.from('{}'))],
    ['a folder that now exists', (f) => f.set('published/2022', Buffer.from(''))],
    ['an output edited', (f) => f.set('out/2022/report.pdf', Buffer.from('edited'))],
    ['an output removed', (f) => f.delete('out/2022/report.pdf')],
    ['the manifest rewritten', (f) => f.set('out/2022/manifest.json', Buffer.from('{"files":[]}'))],
    [
      'the record damaged',
      (f) =>
        f.set(
          [...f.keys()].find((k) => k.startsWith('.cache/builds/'))!,
          Buffer.from('{'),
        ),
    ],
  ];
  for (const [what, change] of misses) {
    it(`sends the build down the full path after ${what}`, async () => {
      const { effects, files } = await builtProject();
      change(files);
      expect(await replayUpToDate(options, effects)).toBeUndefined();
    });
  }

  it('misses when an option that changes the output differs, and without a cache folder', async () => {
    const { effects } = await builtProject();
    expect(await replayUpToDate({ ...options, paper: 'a4' }, effects)).toBeUndefined();
    expect(await replayUpToDate({ ...options, draft: true }, effects)).toBeUndefined();
    expect(await replayUpToDate({ ...options, langs: ['es'] }, effects)).toBeUndefined();
    expect(
      await replayUpToDate({ ...options, paths: { ...options.paths, cache: undefined } }, effects),
    ).toBeUndefined();
  });

  it('misses on another day only when the build asked for the date', async () => {
    const asked = await builtProject(true);
    expect(await replayUpToDate(options, asked.effects)).toBeDefined();
    expect(await replayUpToDate(options, { ...asked.effects, clock: () => new Date(86_400_000) })).toBeUndefined();
    const notAsked = await builtProject(false);
    expect(await replayUpToDate(options, { ...notAsked.effects, clock: () => new Date(86_400_000) })).toBeDefined();
  });
});
