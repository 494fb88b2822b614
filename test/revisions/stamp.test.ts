// The build stamp: the same inputs give the same hashes wherever they live; the input hash moves
// with anything that changes the outputs, the content hash only with what the report says.

import { describe, expect, it } from 'vitest';
import { DEFAULT_OPTIONS, type BuildOptions } from '../../pipeline/options.js';
import {
  buildStamp,
  contentHashOf,
  inputFiles,
  roleRelative,
  type RevisionStep,
} from '../../pipeline/revisions/stamp.js';

const at = (root: string): BuildOptions => ({
  ...DEFAULT_OPTIONS,
  paths: { data: `${root}/data`, seeds: `${root}/seeds`, templates: `${root}/templates`, out: `${root}/out` },
});
const reads = (root: string, extra: Record<string, string> = {}) =>
  new Map(
    Object.entries({
      [`${root}/data/observations.csv`]: 'aa',
      [`${root}/seeds/a.txt`]: 'bb',
      [`${root}/templates/i18n/en/report.json`]: 'cc',
      [`${root}/templates/html/page.hbs`]: 'dd',
      ...extra,
    }),
  );
const steps: RevisionStep[] = [{ revision: 1, date: '2022-10-14', contentHash: 'x', published: false }];

describe('build stamp', () => {
  it('names files by role, so two folders holding the same bytes stamp alike', () => {
    expect(roleRelative('/tmp/a/data/observations.csv', at('/tmp/a').paths)).toBe('data/observations.csv');
    expect(roleRelative('templates/i18n/es/report.json', at('.').paths)).toBe('templates/i18n/es/report.json');
    const a = buildStamp(inputFiles(reads('/tmp/a'), at('/tmp/a')), at('/tmp/a'), steps);
    const b = buildStamp(inputFiles(reads('/srv/b'), at('/srv/b')), at('/srv/b'), steps);
    expect(Object.keys(a.files)).toEqual([
      'data/observations.csv',
      'seeds/a.txt',
      'templates/html/page.hbs',
      'templates/i18n/en/report.json',
    ]);
    expect(b).toEqual(a);
  });

  it('does not depend on the order the files were read in', () => {
    const forward = reads('/r');
    const backward = new Map([...forward].reverse());
    expect(buildStamp(inputFiles(backward, at('/r')), at('/r'), steps)).toEqual(
      buildStamp(inputFiles(forward, at('/r')), at('/r'), steps),
    );
  });

  it('moves the input hash with bytes, output options, code-visible revisions; not with paths or jobs', () => {
    const o = at('/r');
    const base = buildStamp(inputFiles(reads('/r'), o), o, steps).inputHash;
    const changed = (files: Map<string, string>, options: BuildOptions, s = steps) =>
      buildStamp(inputFiles(files, options), options, s).inputHash;
    expect(changed(reads('/r', { '/r/data/observations.csv': 'zz' }), o)).not.toBe(base);
    expect(changed(reads('/r'), { ...o, paper: 'a4' })).not.toBe(base);
    expect(changed(reads('/r'), { ...o, langs: ['en'] })).not.toBe(base);
    expect(changed(reads('/r'), { ...o, draft: true })).not.toBe(base);
    expect(changed(reads('/r'), o, [{ ...steps[0]!, published: true }])).not.toBe(base);
    expect(changed(reads('/r'), { ...o, paths: { ...o.paths, out: '/elsewhere', cache: '/c' } })).toBe(base);
    expect(changed(reads('/r'), { ...o, jobs: 3 } as BuildOptions)).toBe(base);
  });

  it('keeps layout templates out of the content hash', () => {
    const o = at('/r');
    const files = inputFiles(reads('/r'), o);
    expect(contentHashOf({ ...files, 'templates/html/page.hbs': 'other' })).toBe(contentHashOf(files));
    expect(contentHashOf({ ...files, 'templates/i18n/en/report.json': 'other' })).not.toBe(contentHashOf(files));
    expect(contentHashOf({ ...files, 'data/observations.csv': 'other' })).not.toBe(contentHashOf(files));
  });
});
