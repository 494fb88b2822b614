// Every sentence the data quote from a later statement (sources.csv kind statement) is in that
// statement's text, as the seeds' sentences are checked by the build. The statements stay in
// ../shared/public-series/statements/: the project quotes single sentences and copies nothing.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';
import { publicSeriesDir } from '../helpers/public-series.js';
import { findQuote } from '../../pipeline/validate/quote.js';

type Row = Record<string, string>;
const csv = (path: string): Row[] => parse(readFileSync(path), { columns: true, skip_empty_lines: true }) as Row[];

describe('sentences quoted from the later statements', () => {
  const dir = join(publicSeriesDir(), 'statements');
  const files = readdirSync(dir);
  const sources = csv(join(ROOT, 'data/sources.csv')).filter((s) => s.kind === 'statement');
  /** The statement file of a source: the one whose header gives the source's date and address. */
  const textOf = (id: string): string => {
    const s = sources.find((x) => x.id === id)!;
    const file = files.find((f) => f.startsWith(s.date!))!;
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text, id).toContain(`Archived URL: ${s.url}`);
    return text;
  };
  const rows = [...csv(join(ROOT, 'data/milestones.csv')), ...csv(join(ROOT, 'data/observations.csv'))].filter((r) =>
    sources.some((s) => s.id === r.source),
  );

  it('are used, each from a registered statement', () => {
    expect(sources.length).toBe(3);
    expect(rows.length).toBeGreaterThan(10);
  });

  it('each occur in their statement, word for word', () => {
    for (const r of rows) {
      expect(r.quote, `${r.id ?? r.metric}: a statement row needs its sentence`).not.toBe('');
      const found = findQuote(r.quote!, textOf(r.source!));
      expect(found.found, `${r.id ?? r.metric}: "${r.quote}" is not in ${r.source}`).toBe(true);
    }
  });

  it('are single sentences, not passages', () => {
    for (const r of rows)
      expect(r.quote!.replace(/\b(U\.S|Mr|Dr|St|No|Jr)\./g, '').match(/[.!?]["”]?\s+[A-Z]/g) ?? [], r.id).toEqual([]);
  });

  it('take the title, publisher, date and address of each statement from its header', () => {
    for (const s of sources) {
      const text = textOf(s.id!);
      expect(text.split('\n')[0], s.id).toBe(`Title: ${s.title_en}`);
      expect(text, s.id).toMatch(new RegExp(`^Date: ${s.date}`, 'm'));
    }
  });
});
