// The help lines of the options the commands share, worded once and aligned per command: a
// command lists the options it takes, by name, or as [flag, text] for its own.

const SHARED = {
  year: ['--year Y', 'reporting year (default: the latest year in the data)'],
  lang: ['--lang en,es', 'languages to build (default: en,es)'],
  format: ['--format pdf,html', 'formats to build (default: pdf,html)'],
  data: ['--data DIR', 'data folder (default: data)'],
  seeds: ['--seeds DIR', 'seed texts folder (default: seeds)'],
  templates: ['--templates DIR', 'templates folder (default: templates)'],
  out: ['--out DIR', 'output folder (default: out)'],
  published: ['--published DIR', 'where revisions are kept (default: published)'],
  paper: ['--paper letter|a4', 'PDF paper size (default: letter)'],
  draft: ['--draft', 'print a DRAFT watermark'],
  verbose: ['--verbose', 'print per-stage timings'],
  help: ['-h, --help', 'show this help'],
} as const satisfies Record<string, readonly [string, string]>;

export type SharedOption = keyof typeof SHARED;

/** "Options:" lines: flags in a column at least 19 wide, two spaces before each text. */
export function optionsHelp(entries: readonly (SharedOption | readonly [string, string])[]): string {
  const lines = entries.map((e) => (typeof e === 'string' ? SHARED[e] : e));
  const width = Math.max(17, ...lines.map(([flag]) => flag.length));
  return lines.map(([flag, text]) => `  ${flag.padEnd(width)}  ${text}`).join('\n');
}
