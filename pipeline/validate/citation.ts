// Checks a row's source and quote: a seed file named as source must contain the quote, and an
// observation's quote must state its value; a publication named as source carries no quote.

import type { Position } from '../diagnostics/diagnostic.js';
import type { CsvRow } from '../ingest/csv.js';
import type { SeedDocument, Source, Span } from '../core/types.js';
import { nearest, show } from './cells.js';
import { findQuote, quoteLines, valueAppearsIn, valueSpan } from './quote.js';
import type { Sheet } from './sheet.js';

type Prefix = 'observation' | 'milestone';

/** The seed a source names: its file name, optionally written as seeds/<file>. */
export function seedNamed(source: string, seeds: readonly SeedDocument[]): SeedDocument | undefined {
  const name = source.trim().replace(/^\.?\/?seeds\//, '');
  return seeds.find((s) => s.file === name);
}

const looksLikeSeedFile = (source: string) => /\.(txt|md)$/i.test(source.trim());
/** A kebab-case word with a hyphen, like an id of sources.csv (a publication's name has spaces). */
const looksLikeSourceId = (source: string) => /^[a-z0-9]+(?:-[a-z0-9]+)+$/.test(source.trim());

/** The registered sources a row may cite: the valid rows, and every id written (valid or not). */
export interface SourceRegistry {
  sources: readonly Source[];
  ids: ReadonlySet<string>;
}

/** The part of a Sheet the check uses; any sheet with source and quote columns fits. */
type CitationSheet = Pick<Sheet<'source' | 'quote'>, 'cell' | 'at' | 'report'>;

export function checkCitation(
  sheet: CitationSheet,
  row: CsvRow,
  prefix: Prefix,
  seeds: readonly SeedDocument[],
  registry: SourceRegistry,
  value?: { value: number; at: Position },
): { source: string; quote?: string; quoteLines?: [number, number]; valueSpan?: Span } | undefined {
  const source = sheet.cell(row, 'source');
  const quote = sheet.cell(row, 'quote') ?? '';
  if (source === undefined) return undefined;
  const seed = seedNamed(source, seeds);
  if (!seed && registry.ids.has(source.trim())) {
    const registered = registry.sources.find((s) => s.id === source.trim());
    if (!registered) return undefined; // the source's own row has errors, reported there
    if (registered.kind === 'dataset' && quote !== '') {
      sheet.report(
        sheet.at(row, 'quote'),
        `${prefix}/quote-dataset`,
        `quote ${show(quote)} is given but ${registered.id} is a dataset`,
      );
      return undefined;
    }
    // A statement's sentences are checked against the statement's text by the test suite
    // (test/validate/statements.test.ts): the statements stay outside the project.
    if (quote !== '' && value !== undefined && prefix === 'observation' && !valueAppearsIn(value.value, quote)) {
      sheet.report(
        value.at,
        'observation/quote-value-mismatch',
        `value ${value.value} does not appear in the quote ${show(quote)}`,
        `the quote must state the value as ${valueForms(value.value)}; fix the value or quote the sentence that states it`,
      );
      return undefined;
    }
    return { source: registered.id, ...(quote ? { quote } : {}) };
  }
  if (!seed && looksLikeSourceId(source)) {
    const near = nearest(source.trim(), registry.ids);
    sheet.report(
      sheet.at(row, 'source'),
      `${prefix}/unknown-source`,
      `source ${show(source)} is neither a seed file nor an id in sources.csv`,
      near ? `did you mean ${near}?` : 'add the source to sources.csv, or name a seed file',
    );
    return undefined;
  }
  if (!seed) {
    if (looksLikeSeedFile(source)) {
      const near = nearest(
        source.replace(/^.*\//, ''),
        seeds.map((s) => s.file),
      );
      sheet.report(
        sheet.at(row, 'source'),
        `${prefix}/unknown-seed`,
        `source ${show(source)} looks like a file name but is not one of the seeds`,
        near ? `did you mean ${near}?` : `seeds: ${seeds.map((s) => s.file).join(', ')}`,
      );
      return undefined;
    }
    if (quote !== '') {
      sheet.report(
        sheet.at(row, 'quote'),
        `${prefix}/quote-without-seed`,
        `quote ${show(quote)} cannot be checked because source ${show(source)} is not a seed file`,
      );
    }
    return { source, ...(quote ? { quote } : {}) };
  }
  if (quote === '') {
    sheet.report(
      sheet.at(row, 'quote'),
      `${prefix}/quote-missing`,
      `source is the seed ${seed.file} but quote is empty`,
      `copy the sentence that supports this row from seeds/${seed.file}`,
    );
    return undefined;
  }
  const found = findQuote(quote, seed.text);
  if (!found.found) {
    const p = found.matchedPrefix;
    const hint =
      p.length >= 10
        ? `the first ${p.length} characters match, up to ${show(p.length > 40 ? '…' + p.slice(-40) : p)}; compare what follows with seeds/${seed.file}`
        : `copy the words exactly from seeds/${seed.file}; spacing, line breaks and **bold** do not matter`;
    sheet.report(
      sheet.at(row, 'quote'),
      `${prefix}/quote-not-found`,
      `quote ${show(quote)} does not occur in ${seed.file}`,
      hint,
    );
    return undefined;
  }
  if (value !== undefined && prefix === 'observation' && !valueAppearsIn(value.value, quote)) {
    sheet.report(
      value.at,
      'observation/quote-value-mismatch',
      `value ${value.value} does not appear in the quote ${show(quote)}`,
      `the quote must state the value as ${valueForms(value.value)}; fix the value or quote the sentence that states it`,
    );
    return undefined;
  }
  // Found once here and kept on the row: compose, explain and the data companion read them.
  const lines = quoteLines(quote, seed.text);
  const span = value === undefined ? undefined : valueSpan(value.value, quote);
  return { source: seed.file, quote, ...(lines ? { quoteLines: lines } : {}), ...(span ? { valueSpan: span } : {}) };
}

/** How a value may be written in a quote, for the hint. */
function valueForms(value: number): string {
  const v = Math.abs(value);
  const forms = [v.toLocaleString('en-US', { maximumFractionDigits: 20 }), String(v)];
  for (const [word, scale] of [
    ['billion', 1e9],
    ['million', 1e6],
  ] as const) {
    if (v >= scale) {
      forms.push(`${+(v / scale).toFixed(6)} ${word}`);
      break;
    }
  }
  forms.push(`${v} percent`);
  return [...new Set(forms)].map((f) => `"${f}"`).join(', ');
}
