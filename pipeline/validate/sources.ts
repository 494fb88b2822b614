// Validates sources.csv: the registry of sources other than the seeds — official datasets cited by
// publisher and dataset, and later statements whose single sentences the data may quote. Rows of
// observations.csv and milestones.csv name a source by its id here (or a seed by file name).

import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ParsedCsv } from '../ingest/csv.js';
import type { Source } from '../core/types.js';
import { parseEnum, parseIsoDate, show } from './cells.js';
import { Sheet } from './sheet.js';
import { idCell } from './units.js';

export const SOURCE_COLUMNS = [
  'id',
  'kind',
  'publisher_en',
  'publisher_es',
  'title_en',
  'title_es',
  'date',
  'date_role',
  'url',
  'note',
] as const;
const REQUIRED = ['id', 'kind', 'publisher_en', 'publisher_es', 'title_en', 'title_es', 'date'] as const;
export const SOURCE_KINDS = ['dataset', 'statement'] as const satisfies readonly Source['kind'][];
export const DATE_ROLES = ['published', 'cutoff', 'retrieved', 'consulted'] as const satisfies readonly NonNullable<
  Source['dateRole']
>[];

export interface SourcesResult {
  sources: Source[];
  /** Every id written in the file, valid row or not, so rows citing it are not blamed for its errors. */
  ids: Set<string>;
}

/** An absent sources.csv is an empty registry (older data folders cite seeds and publications only). */
export function validateSources(parsed: ParsedCsv | undefined, diagnostics: Diagnostic[]): SourcesResult {
  if (!parsed) return { sources: [], ids: new Set() };
  const sheet = new Sheet(parsed, { columns: SOURCE_COLUMNS, required: REQUIRED, noRows: 'warning' }, diagnostics);
  const sources: Source[] = [];
  const ids = new Set<string>();
  const firstLine = new Map<string, number>();
  for (const row of sheet.rows) {
    const mark = sheet.mark();
    const id = idCell(sheet, row, 'source', ids, firstLine);
    const kind = sheet.parse(
      row,
      'kind',
      (c) => parseEnum(SOURCE_KINDS, c),
      () => 'source/kind',
    );
    const publisherEn = sheet.cell(row, 'publisher_en');
    const publisherEs = sheet.cell(row, 'publisher_es');
    const titleEn = sheet.cell(row, 'title_en');
    const titleEs = sheet.cell(row, 'title_es');
    const date = sheet.parse(row, 'date', parseIsoDate, () => 'source/date');
    const dateRole = sheet.parse(
      row,
      'date_role',
      (c) => parseEnum(DATE_ROLES, c),
      () => 'source/date-role',
    );
    const url = sheet.cell(row, 'url');
    if (url && !/^https:\/\/[^\s]+$/.test(url))
      sheet.report(
        sheet.at(row, 'url'),
        'source/url',
        `url ${show(url)} is not an https address`,
        "write the publisher's official https:// address, or leave url empty",
      );
    if (
      sheet.errorsSince(mark) ||
      id === undefined ||
      !kind ||
      publisherEn === undefined ||
      publisherEs === undefined ||
      titleEn === undefined ||
      titleEs === undefined ||
      !date
    )
      continue;
    sources.push({
      id,
      kind,
      publisher: { en: publisherEn, es: publisherEs },
      title: { en: titleEn, es: titleEs },
      date,
      ...(dateRole ? { dateRole } : {}),
      ...(url ? { url } : {}),
      at: sheet.rowAt(row),
    });
  }
  return { sources, ids };
}
