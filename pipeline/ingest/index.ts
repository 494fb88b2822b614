// Ingest: read every input the build needs (seeds, data CSVs, catalogues, HTML templates) into
// memory, turning unreadable inputs into diagnostics. Nothing is interpreted here.

import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import { LANGUAGES, perLanguage } from '../core/languages.js';
import type { Lang, SeedDocument } from '../core/types.js';
import { parseCsv, type ParsedCsv } from './csv.js';
import { readSeeds } from './seeds.js';
import { unprintableCharacters } from './printable.js';

export const DATA_FILES = ['units', 'metrics', 'observations', 'milestones'] as const;

const MiB = 1024 * 1024;
/**
 * The largest input of each kind that is read at all (a hundred times what the report needs, or
 * more); a larger file is refused with a diagnostic before it is taken into memory.
 */
export const INPUT_LIMITS = { csv: 32 * MiB, seed: 2 * MiB, catalogue: 1 * MiB, template: 1 * MiB } as const;

/** Text as read: a UTF-8 byte-order mark (which editors on Windows add) is not part of it. */
export function withoutBom(text: string): string {
  return text.startsWith('\uFEFF') ? text.slice(1) : text;
}
/** Data files a folder may leave out (sources.csv: older data folders cite seeds and publications only). */
export const OPTIONAL_DATA_FILES = ['sources', 'editions'] as const;
export type DataFile = (typeof DATA_FILES)[number] | (typeof OPTIONAL_DATA_FILES)[number];

export interface SourceText {
  file: string;
  text: string;
}

export interface Inputs {
  seeds: SeedDocument[];
  /** The seeds folder as given (--seeds), for diagnostics. */
  seedsDir: string;
  /** The templates folder as given (--templates), for diagnostics. */
  templatesDir: string;
  csv: Partial<Record<DataFile, ParsedCsv>>;
  catalogues: Record<Lang, SourceText[]>;
  html: { page: string; css: string; partials: Record<string, string>; dir: string } | undefined;
  diagnostics: Diagnostic[];
}

export interface InputPaths {
  data: string;
  seeds: string;
  templates: string;
}

export async function ingest(paths: InputPaths, effects: Effects, withHtml: boolean, withPdf = true): Promise<Inputs> {
  const diagnostics: Diagnostic[] = [];
  const [seeds, csv, catalogues, html] = await Promise.all([
    readSeeds(paths.seeds, effects),
    readData(paths.data, effects, diagnostics, withPdf),
    readCatalogues(paths.templates, effects, diagnostics),
    withHtml ? readHtmlTemplates(paths.templates, effects, diagnostics) : Promise.resolve(undefined),
  ]);
  return {
    seeds: seeds.seeds,
    seedsDir: paths.seeds,
    templatesDir: paths.templates,
    csv,
    catalogues,
    html,
    diagnostics: [...seeds.diagnostics, ...diagnostics],
  };
}

async function readData(
  dir: string,
  effects: Effects,
  diagnostics: Diagnostic[],
  withPdf: boolean,
): Promise<Inputs['csv']> {
  const csv: Inputs['csv'] = {};
  let listing: string[];
  try {
    listing = await effects.listDir(dir);
  } catch (e) {
    diagnostics.push(
      unreadable(
        dir,
        e,
        'the data folder',
        'pass --data DIR pointing at a folder with units.csv, metrics.csv, observations.csv and milestones.csv',
        'folder',
      ),
    );
    return csv;
  }
  const present = OPTIONAL_DATA_FILES.filter((name) => listing.includes(`${name}.csv`));
  await Promise.all(
    [...DATA_FILES, ...present].map(async (name) => {
      const file = join(dir, `${name}.csv`);
      let bytes: Buffer;
      try {
        bytes = await effects.readFile(file, INPUT_LIMITS.csv);
      } catch (e) {
        diagnostics.push(
          unreadable(file, e, `${name}.csv`, `create ${file} with the columns listed in data/README.md`),
        );
        return;
      }
      // Outside the try: a parser failure is a bug to report, not an unreadable file.
      const parsed = parseCsv(file, bytes);
      // Text the PDF would silently drop (its font has no glyph) is refused, when there is a PDF.
      if (withPdf && parsed.diagnostics.every((d) => d.rule !== 'csv/encoding' && d.rule !== 'csv/control-character'))
        parsed.diagnostics.push(...unprintableCharacters(file, bytes.toString('utf8')));
      csv[name] = parsed;
    }),
  );
  return csv;
}

/** Every `templates/i18n/<lang>/*.json`, sorted by name (a catalogue per topic). */
async function readCatalogues(dir: string, effects: Effects, diagnostics: Diagnostic[]): Promise<Inputs['catalogues']> {
  const out: Inputs['catalogues'] = perLanguage(() => []);
  for (const { code: lang, catalogue } of LANGUAGES) {
    const folder = join(dir, 'i18n', catalogue);
    let names: string[];
    try {
      names = (await effects.listDir(folder)).filter((n) => n.endsWith('.json'));
    } catch (e) {
      diagnostics.push(
        unreadable(
          folder,
          e,
          'the message catalogue folder',
          'restore it from the repository (git checkout -- templates/)',
          'folder',
        ),
      );
      continue;
    }
    for (const name of names) {
      const file = join(folder, name);
      try {
        out[lang].push({
          file,
          text: withoutBom((await effects.readFile(file, INPUT_LIMITS.catalogue)).toString('utf8')),
        });
      } catch (e) {
        diagnostics.push(
          unreadable(file, e, 'the message catalogue', 'restore it from the repository (git checkout -- templates/)'),
        );
      }
    }
  }
  return out;
}

async function readHtmlTemplates(dir: string, effects: Effects, diagnostics: Diagnostic[]): Promise<Inputs['html']> {
  const root = join(dir, 'html');
  const partialDir = join(root, 'partials');
  // The path being read when a read fails, so the diagnostic names that file, not the whole folder.
  let reading = partialDir;
  const read = async (path: string) => {
    reading = path;
    return withoutBom((await effects.readFile(path, INPUT_LIMITS.template)).toString('utf8'));
  };
  try {
    const names = (await effects.listDir(partialDir)).filter((n) => n.endsWith('.hbs'));
    const partials: Record<string, string> = {};
    for (const name of names) partials[name.slice(0, -4)] = await read(join(partialDir, name));
    return { page: await read(join(root, 'page.hbs')), css: await read(join(root, 'style.css')), partials, dir: root };
  } catch (e) {
    const kind = reading === partialDir ? 'the HTML partials folder' : 'the HTML template';
    diagnostics.push(
      unreadable(
        reading,
        e,
        kind,
        'restore it from the repository (git checkout -- templates/)',
        reading === partialDir ? 'folder' : 'file',
      ),
    );
    return undefined;
  }
}

/**
 * A read that failed for a reason the user can fix, as a diagnostic saying which; anything that is
 * not a file-system error is a bug and is rethrown, so it surfaces as an internal error.
 */
export function unreadable(
  file: string,
  e: unknown,
  what: string,
  hint: string,
  kind: 'file' | 'folder' = 'file',
): Diagnostic {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') throw e;
  if (code === 'EFBIG') {
    const { size, limit } = e as { size?: number; limit?: number };
    const bytes = (n: number | undefined) => (n === undefined ? '?' : n.toLocaleString('en-US'));
    return error(
      { file },
      'input/too-large',
      `${what} has ${bytes(size)} bytes or more, over the limit of ${bytes(limit)} bytes`,
      'check that the path names the right file: no input of this report comes near the limit',
    );
  }
  if (code === 'ENOTREG') {
    return error(
      { file },
      'input/unreadable',
      `${what} is not a regular file (a pipe, a device or a socket, or a link to one)`,
      'put a regular file at this path; inputs are only read from regular files',
    );
  }
  return error(
    { file },
    'input/unreadable',
    `${what} ${READ_FAILURES[code]?.[kind] ?? `cannot be read (${code})`}`,
    hint,
  );
}

/** errno code → what it means for a path expected to be a file or a folder. */
const READ_FAILURES: Record<string, Record<'file' | 'folder', string>> = {
  ENOENT: { file: 'does not exist', folder: 'does not exist' },
  ENOTDIR: { file: 'cannot be reached: part of its path is a file, not a folder', folder: 'is a file, not a folder' },
  EISDIR: { file: 'is a folder, not a file', folder: 'is a folder that cannot be listed' },
  EACCES: { file: 'cannot be read (permission denied)', folder: 'cannot be listed (permission denied)' },
  EPERM: { file: 'cannot be read (operation not permitted)', folder: 'cannot be listed (operation not permitted)' },
  ELOOP: { file: 'is a symbolic link that loops', folder: 'is a symbolic link that loops' },
  ENAMETOOLONG: { file: 'has a path too long for the file system', folder: 'has a path too long for the file system' },
  EMFILE: { file: 'cannot be opened: too many open files', folder: 'cannot be opened: too many open files' },
  ENFILE: { file: 'cannot be opened: too many open files', folder: 'cannot be opened: too many open files' },
  EIO: {
    file: 'cannot be read (input/output error: check the disk)',
    folder: 'cannot be listed (input/output error: check the disk)',
  },
};
