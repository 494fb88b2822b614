// The facts of an edition, from its model: its own date (data/editions.csv), the sources it uses
// with their dates, its data cut-off (the latest of those dates: a dataset's cut-off, retrieval or
// consultation date, a statement's or seed's publication date) and whether it is retrospective
// (prepared more than a year after the end of its year). And what a caveat may say in it: no
// clause about a year later than the edition's outside the sources' own dates, no drafting note.

import type { Metric, ReportModel, Source } from '../core/types.js';
import type { ComposeContext } from './context.js';
import { formatter } from './format.js';

export type VintageRole = NonNullable<Source['dateRole']>;

/** One source the edition uses, with its date and what that date is. */
export interface Vintage {
  source: string;
  /** YYYY-MM-DD or YYYY-MM, as the source row or seed gives it. */
  date: string;
  role: VintageRole;
}

export interface EditionFacts {
  year: number;
  /** The edition's own date: its row of data/editions.csv, else the revision's date. */
  date: string;
  /** Prepared more than a year after the end of its year. */
  retrospective: boolean;
  /** The latest of the vintages' dates (undefined when no source is dated). */
  cutoff?: Vintage;
  /** Every dated source the edition uses, oldest first. */
  vintages: Vintage[];
}

/** A date as the day it ends on, so "2025-04" (a month) sorts after "2025-04-15". */
const lastDay = (date: string) => (date.length === 7 ? `${date}-31` : date.length === 4 ? `${date}-12-31` : date);
const DATED = /^\d{4}(-\d{2}){0,2}$/;

/** True when `date` (YYYY-MM-DD) is more than a year after December 31 of `year`. */
export function isRetrospective(year: number, date: string): boolean {
  return lastDay(date) > `${year + 1}-12-31`;
}

/**
 * The edition's facts from its model (data already cut to the year: observations up to it,
 * milestones published by its end). The sources it uses are the seeds (the framework is read from
 * them) and every registered source an observation or milestone of the year cites.
 */
export function editionFacts(
  model: Pick<ReportModel, 'year' | 'framework' | 'data'>,
  revisionDate: string,
): EditionFacts {
  const cited = new Set<string>([
    ...model.data.observations.map((o) => o.source),
    ...model.data.milestones.map((m) => m.source),
  ]);
  const vintages: Vintage[] = [
    ...model.framework.seeds
      .filter((s) => DATED.test(s.date))
      .map((s): Vintage => ({ source: s.file, date: s.date, role: 'published' })),
    ...model.data.sources
      .filter((s) => cited.has(s.id) && DATED.test(s.date))
      .map((s): Vintage => ({ source: s.id, date: s.date, role: s.dateRole ?? 'published' })),
  ].sort((a, b) => lastDay(a.date).localeCompare(lastDay(b.date)) || a.source.localeCompare(b.source));
  const date = model.data.editions?.find((e) => e.year === model.year)?.date ?? revisionDate;
  const cutoff = vintages.at(-1);
  return {
    year: model.year,
    date,
    retrospective: isRetrospective(model.year, date),
    ...(cutoff ? { cutoff } : {}),
    vintages,
  };
}

// A drafting note addressed to the report's writer, not its reader ("State whether reported or
// predicted figures are used."): an imperative at the start of a clause.
const DRAFTING_NOTE =
  /^(?:state|indicate|specify|explain|check|verify|confirm|add|note to|todo|tbd|fixme|indique|señale|especifique|explique|verifique|confirme|agregue|añada)\b/iu;

/**
 * The metric's caveat as this edition prints it: without the clauses that name a year later than the
 * edition's (outside the sources' own dates: "files as downloaded before 8 November 2023" stays) and
 * without drafting notes. Undefined when nothing is left.
 */
export function editionCaveat(ctx: ComposeContext, metric: Metric): string | undefined {
  const text = metric.caveat?.[ctx.lang];
  if (!text) return undefined;
  const facts = editionFacts(ctx.model, ctx.revision.date);
  const kept = trimCaveat(
    text,
    ctx.model.year,
    facts.vintages.map((v) => v.date),
  );
  return kept === '' ? undefined : kept;
}

/**
 * The text without its clauses (pieces ending in "." or ";") that are drafting notes or name a year
 * after `year` other than within one of `sourceDates` as written ("8 November 2023", "November 8,
 * 2023", "8 de noviembre de 2023", "2023-11-08", "April 2025"). Within a clause, only the comma- or
 * "and"-separated part that names the later year goes when the rest can stand ("provisional, revised
 * with each release, with 2024 flagged as underreported" keeps "provisional, revised with each
 * release"). The sentence punctuation is mended: a clause that loses what followed its ";" ends with
 * "." and a sentence that loses its first clause starts with a capital.
 */
export function trimCaveat(text: string, year: number, sourceDates: readonly string[]): string {
  const masked = maskDates(text, sourceDates);
  const later = (s: string) =>
    [...s.matchAll(/(?<![\p{L}\p{N}])(?:19|20)\d\d(?![\p{L}\p{N}])/gu)].some((m) => Number(m[0]) > year);
  // Clauses: up to and including "." (not an abbreviation's, "U.S.") or ";", then the space after.
  const clauses: { text: string; masked: string }[] = [];
  const re = /.*?(?:(?<!(?:^|[^\p{L}])\p{Lu})\.|;)(?=\s|$)\s*|.+$/gsu;
  for (const m of text.matchAll(re)) {
    if (m[0] === '') continue;
    clauses.push({ text: m[0], masked: masked.slice(m.index!, m.index! + m[0].length) });
  }
  const out: string[] = [];
  let capitalizeNext = false;
  for (const c of clauses) {
    const body = c.text.trimEnd();
    const space = c.text.slice(body.length);
    const end = /[.;]$/.test(body) ? body.slice(-1) : '';
    if (DRAFTING_NOTE.test(body) || later(c.masked)) {
      const part =
        later(c.masked) && !DRAFTING_NOTE.test(body) ? withoutLaterParts(body, c.masked.trimEnd(), later) : undefined;
      if (part) {
        out.push((capitalizeNext ? capitalize(part) : part) + space);
        capitalizeNext = false;
        continue;
      }
      // The whole clause goes: the clause before ends the sentence if this one did.
      if (end === '.' && out.length > 0) out[out.length - 1] = out[out.length - 1]!.replace(/;(\s*)$/, '.$1');
      if (end === ';' && (out.length === 0 || /\.\s*$/.test(out[out.length - 1]!))) capitalizeNext = true;
      if (end === '.') capitalizeNext = false;
      continue;
    }
    out.push(capitalizeNext ? capitalize(c.text) : c.text);
    capitalizeNext = false;
  }
  return out.join('').trim().replace(/;$/, '.');
}

/** The clause without its parts (", …" or " and …" / " y …") that name a later year; undefined when nothing would be left. */
function withoutLaterParts(body: string, masked: string, later: (s: string) => boolean): string | undefined {
  const end = /[.;]$/.test(body) ? body.slice(-1) : '';
  const core = end ? body.slice(0, -1) : body;
  const coreMasked = end ? masked.slice(0, -1) : masked;
  const sep = /,\s+|\s+(?:and|y)\s+/gu;
  const pieces: { text: string; masked: string; sep: string }[] = [];
  let last = 0;
  let lastSep = '';
  for (const m of core.matchAll(sep)) {
    pieces.push({ text: core.slice(last, m.index), masked: coreMasked.slice(last, m.index), sep: lastSep });
    lastSep = m[0];
    last = m.index! + m[0].length;
  }
  pieces.push({ text: core.slice(last), masked: coreMasked.slice(last), sep: lastSep });
  const kept = pieces.filter((p) => !later(p.masked));
  if (kept.length === 0 || kept.length === pieces.length) return undefined;
  // A list that loses its last item ("…, se revisa en cada publicación y 2024 está subregistrado")
  // joins its new last item with the conjunction the lost one had ("es provisional y se revisa…").
  const lost = pieces[pieces.length - 1]!;
  if (
    later(lost.masked) &&
    /^\s+(?:and|y)\s+$/u.test(lost.sep) &&
    kept.length > 1 &&
    /^,\s+$/.test(kept[kept.length - 1]!.sep)
  ) {
    kept[kept.length - 1] = { ...kept[kept.length - 1]!, sep: lost.sep };
  }
  return kept.map((p, i) => (i === 0 ? p.text : p.sep + p.text)).join('') + end;
}

const capitalize = (s: string) =>
  s.replace(/^(\s*)(\p{Ll})/u, (_, space: string, c: string) => space + c.toUpperCase());

const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** The text with every writing of the given dates replaced by spaces of the same length (positions kept). */
function maskDates(text: string, dates: readonly string[]): string {
  const forms = new Set<string>();
  const en = formatter('en');
  const es = formatter('es');
  for (const d of dates) {
    forms.add(d);
    forms.add(en.date(d));
    forms.add(es.date(d));
    const [y, m, day] = d.split('-').map(Number);
    if (y && m && day) forms.add(`${day} ${EN_MONTHS[m - 1]} ${y}`);
  }
  let out = text;
  for (const f of [...forms].sort((a, b) => b.length - a.length)) out = out.split(f).join(' '.repeat(f.length));
  return out;
}
