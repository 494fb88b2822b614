// Ingest: read every input the build needs (seeds, data CSVs, catalogues, HTML templates) into
// memory, turning unreadable inputs into diagnostics. Nothing is interpreted here.

import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { Lang, SeedDocument } from '../model/types.js';
import { parseCsv, type ParsedCsv } from './csv.js';
import { readSeeds } from './seeds.js';

export const DATA_FILES = ['units', 'metrics', 'observations', 'milestones'] as const;
export type DataFile = (typeof DATA_FILES)[number];

export interface SourceText {
  file: string;
  text: string;
}

export interface Inputs {
  seeds: SeedDocument[];
  csv: Partial<Record<DataFile, ParsedCsv>>;
  catalogues: Record<Lang, SourceText[]>;
  html: { page: string; css: string; partials: Record<string, string> } | undefined;
  diagnostics: Diagnostic[];
}

export interface InputPaths {
  data: string;
  seeds: string;
  templates: string;
}

export async function ingest(paths: InputPaths, effects: Effects, withHtml: boolean): Promise<Inputs> {
  const diagnostics: Diagnostic[] = [];
  const [seeds, csv, catalogues, html] = await Promise.all([
    readSeeds(paths.seeds, effects),
    readData(paths.data, effects, diagnostics),
    readCatalogues(paths.templates, effects, diagnostics),
    withHtml ? readHtmlTemplates(paths.templates, effects, diagnostics) : Promise.resolve(undefined),
  ]);
  return { seeds: seeds.seeds, csv, catalogues, html, diagnostics: [...seeds.diagnostics, ...diagnostics] };
}

async function readData(dir: string, effects: Effects, diagnostics: Diagnostic[]): Promise<Inputs['csv']> {
  const csv: Inputs['csv'] = {};
  try {
    await effects.listDir(dir);
  } catch (e) {
    diagnostics.push(unreadable(dir, e, 'the data folder', 'pass --data DIR pointing at a folder with units.csv, metrics.csv, observations.csv and milestones.csv'));
    return csv;
  }
  await Promise.all(
    DATA_FILES.map(async (name) => {
      const file = join(dir, `${name}.csv`);
      try {
        csv[name] = parseCsv(file, await effects.readFile(file));
      } catch (e) {
        diagnostics.push(unreadable(file, e, `${name}.csv`, `create ${file} with the columns listed in data/README.md`));
      }
    }),
  );
  return csv;
}

/** Every `templates/i18n/<lang>/*.json`, sorted by name (a catalogue per topic). */
async function readCatalogues(dir: string, effects: Effects, diagnostics: Diagnostic[]): Promise<Inputs['catalogues']> {
  const out: Inputs['catalogues'] = { en: [], es: [] };
  for (const lang of ['en', 'es'] as const) {
    const folder = join(dir, 'i18n', lang);
    let names: string[];
    try {
      names = (await effects.listDir(folder)).filter((n) => n.endsWith('.json'));
    } catch (e) {
      diagnostics.push(unreadable(folder, e, 'the message catalogue folder', 'restore it from the repository (git checkout -- templates/)'));
      continue;
    }
    for (const name of names) {
      const file = join(folder, name);
      try {
        out[lang].push({ file, text: (await effects.readFile(file)).toString('utf8') });
      } catch (e) {
        diagnostics.push(unreadable(file, e, 'the message catalogue', 'restore it from the repository (git checkout -- templates/)'));
      }
    }
  }
  return out;
}

async function readHtmlTemplates(dir: string, effects: Effects, diagnostics: Diagnostic[]): Promise<Inputs['html']> {
  const root = join(dir, 'html');
  try {
    const partialDir = join(root, 'partials');
    const names = (await effects.listDir(partialDir)).filter((n) => n.endsWith('.hbs'));
    const partials: Record<string, string> = {};
    for (const name of names) partials[name.slice(0, -4)] = (await effects.readFile(join(partialDir, name))).toString('utf8');
    return {
      page: (await effects.readFile(join(root, 'page.hbs'))).toString('utf8'),
      css: (await effects.readFile(join(root, 'style.css'))).toString('utf8'),
      partials,
    };
  } catch (e) {
    diagnostics.push(unreadable(root, e, 'the HTML templates', 'restore them from the repository (git checkout -- templates/)'));
    return undefined;
  }
}

function unreadable(file: string, e: unknown, what: string, hint: string): Diagnostic {
  const code = (e as NodeJS.ErrnoException)?.code;
  const reason = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' ? 'cannot be read (permission denied)' : code === 'ENOTDIR' || code === 'EISDIR' ? 'is not the expected kind of file' : `cannot be read (${code ?? String(e)})`;
  return error({ file }, 'input/unreadable', `${what} ${reason}`, hint);
}
