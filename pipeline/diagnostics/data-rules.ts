// The catalogue of every rule id that ingest and validate can emit, with a description and the
// usual fix; data/README.md prints it, and the RuleId type keeps emitters honest.

export interface Rule {
  id: string;
  severity: 'error' | 'warning';
  description: string;
  hint: string;
}

const numberRules = <P extends string>(prefix: P, what: string) =>
  [
    {
      id: `${prefix}-number`,
      severity: 'error',
      description: `${what} is not a plain number`,
      hint: 'write digits with an optional minus and a dot for decimals: 5046, -3, 12.5, 2.1e6',
    },
    {
      id: `${prefix}-thousands-separator`,
      severity: 'error',
      description: `${what} uses thousands separators`,
      hint: 'remove the separators: write 5046, not 5,046',
    },
    {
      id: `${prefix}-decimal-comma`,
      severity: 'error',
      description: `${what} uses a decimal comma`,
      hint: 'use a dot for decimals: 12.5, not 12,5',
    },
    {
      id: `${prefix}-not-finite`,
      severity: 'error',
      description: `${what} is NaN, Infinity or too large to be finite`,
      hint: 'write a finite number; leave the row out when there is no value',
    },
    {
      id: `${prefix}-inexact`,
      severity: 'error',
      description: `${what} cannot be kept exactly: more than 15 significant digits, too small (it would become 0), or beyond ±9,007,199,254,740,991`,
      hint: 'round it to 15 significant digits, or use a larger unit',
    },
    {
      id: `${prefix}-negative`,
      severity: 'error',
      description: `${what} is negative but its unit is non-negative`,
      hint: 'check the sign, or use a unit that allows negative values (units.csv non_negative=no)',
    },
    {
      id: `${prefix}-integer`,
      severity: 'error',
      description: `${what} has decimals but its unit counts whole things`,
      hint: 'round to a whole number, or use a unit with integer=no',
    },
  ] as const;

const periodRules = <P extends string>(prefix: P) =>
  [
    {
      id: `${prefix}/period`,
      severity: 'error',
      description: 'a period is neither a calendar year (2021) nor a U.S. fiscal year (FY2022)',
      hint: 'write a calendar year like 2021 or a fiscal year like FY2022',
    },
    {
      id: `${prefix}/period-year`,
      severity: 'error',
      description: "a period's year is outside 1990–2100",
      hint: 'check the year for a typo',
    },
  ] as const;

const quoteRules = <P extends string>(prefix: P) =>
  [
    {
      id: `${prefix}/unknown-seed`,
      severity: 'error',
      description: 'source looks like a seed file name but no such seed exists',
      hint: 'use a file name from seeds/ exactly, e.g. 2022-10-14-joint-statement.txt',
    },
    {
      id: `${prefix}/quote-missing`,
      severity: 'error',
      description: 'source is a seed file but quote is empty',
      hint: 'copy the sentence that supports the row from the seed into quote',
    },
    {
      id: `${prefix}/quote-not-found`,
      severity: 'error',
      description:
        'quote does not occur in the named seed (after normalising whitespace, markup and typographic quotes)',
      hint: 'copy the words exactly from the seed; spacing, **bold** and line breaks do not matter',
    },
    {
      id: `${prefix}/quote-without-seed`,
      severity: 'warning',
      description:
        'quote is given but source is a publication, not a seed file or a registered statement, so it cannot be checked',
      hint: "name the seed file or the statement's id from sources.csv in source, or leave quote empty",
    },
    {
      id: `${prefix}/unknown-source`,
      severity: 'error',
      description: 'source looks like a source id but is not in sources.csv',
      hint: 'add the source to sources.csv or fix the spelling',
    },
    {
      id: `${prefix}/quote-dataset`,
      severity: 'error',
      description: 'a quote is given but the source is a dataset, which has no sentences',
      hint: 'leave quote empty for a dataset; cite a statement or a seed to quote a sentence',
    },
  ] as const;

export const RULES = [
  // Reading the file (pipeline/ingest/csv.ts)
  {
    id: 'csv/encoding',
    severity: 'error',
    description: 'the file is not UTF-8',
    hint: 're-save the file as UTF-8 (Excel: "CSV UTF-8 (Comma delimited)")',
  },
  {
    id: 'csv/empty',
    severity: 'error',
    description: 'the file is empty',
    hint: 'write the header line and at least one row',
  },
  {
    id: 'csv/delimiter',
    severity: 'error',
    description: 'the file is separated by semicolons or tabs, not commas',
    hint: 'export as comma-separated values',
  },
  {
    id: 'csv/syntax',
    severity: 'error',
    description: 'broken CSV quoting (unbalanced or stray double quote)',
    hint: 'quote whole cells and write inner quotes twice ("")',
  },
  {
    id: 'csv/field-count',
    severity: 'error',
    description: 'a row has more or fewer fields than the header',
    hint: 'quote cells that contain commas; write numbers without thousands separators',
  },
  {
    id: 'csv/cell-too-long',
    severity: 'error',
    description: 'a cell is longer than 10,000 characters',
    hint: 'shorten it, or look for a quote that was never closed',
  },
  {
    id: 'csv/word-too-long',
    severity: 'error',
    description: 'a word (characters without a space) is longer than 240 characters',
    hint: 'put spaces between the words; a long word is usually something pasted twice or garbled',
  },
  {
    id: 'csv/unprintable-character',
    severity: 'error',
    description:
      'a character the PDF font (Roboto) has no glyph for: emoji, CJK, Arabic… (checked when a PDF is built, and by check)',
    hint: 'write it in words or leave it out',
  },
  {
    id: 'csv/control-character',
    severity: 'error',
    description: 'the file holds a control character (NUL, BEL, ESC…) other than a tab or a line break',
    hint: 'delete it; the message gives its line and column',
  },
  // Table shape (pipeline/validate/sheet.ts)
  {
    id: 'csv/no-rows',
    severity: 'error',
    description:
      'the file has a header but no rows (an error for units, metrics and observations; a warning for milestones)',
    hint: 'add rows below the header',
  },
  {
    id: 'csv/unknown-column',
    severity: 'error',
    description: 'a header names a column the file does not have',
    hint: 'fix the spelling; the message suggests the nearest known column',
  },
  {
    id: 'csv/missing-column',
    severity: 'error',
    description: 'a required column is absent from the header',
    hint: 'add the column to the header (cells may be empty where the column is optional)',
  },
  {
    id: 'csv/duplicate-column',
    severity: 'error',
    description: 'a column appears twice in the header',
    hint: 'delete or rename one of them',
  },
  { id: 'csv/missing-value', severity: 'error', description: 'a required cell is empty', hint: 'fill in the cell' },
  // units.csv
  {
    id: 'unit/duplicate-id',
    severity: 'error',
    description: 'two units share an id',
    hint: 'give each unit its own id',
  },
  {
    id: 'unit/id-format',
    severity: 'error',
    description: 'a unit id is not lower-case letters, digits, - or _',
    hint: 'write ids like defendants or usd_million',
  },
  {
    id: 'unit/flag',
    severity: 'error',
    description: 'integer or non_negative is not yes or no',
    hint: 'write yes or no',
  },
  // metrics.csv
  {
    id: 'metric/duplicate-id',
    severity: 'error',
    description: 'two metrics share an id',
    hint: 'give each metric its own id',
  },
  {
    id: 'metric/id-format',
    severity: 'error',
    description: 'a metric id is not lower-case letters, digits, - or _ (it becomes the anchor metric-<id>)',
    hint: 'write ids like smuggling-defendants',
  },
  {
    id: 'metric/unknown-unit',
    severity: 'error',
    description: 'unit is not an id in units.csv',
    hint: 'add the unit to units.csv or fix the spelling',
  },
  {
    id: 'metric/direction',
    severity: 'error',
    description: 'direction is not increase, decrease or none',
    hint: 'write increase, decrease or none',
  },
  {
    id: 'metric/unknown-goal',
    severity: 'error',
    description: 'goal is not a goal number of the framework',
    hint: 'write the goal number (1, 2 or 3)',
  },
  {
    id: 'metric/unknown-area',
    severity: 'error',
    description: 'area is not a cooperation area code of the action plan',
    hint: 'write an area code from the action plan, like 2.4',
  },
  {
    id: 'metric/area-goal-mismatch',
    severity: 'error',
    description: "area belongs to another goal than the metric's goal",
    hint: 'the area code starts with its goal number: area 2.4 is under goal 2',
  },
  {
    id: 'metric/unknown-objective',
    severity: 'error',
    description: 'objective is not a joint objective code of the action plan',
    hint: 'write an objective code from the action plan, like 2.4.1',
  },
  {
    id: 'metric/objective-area-mismatch',
    severity: 'error',
    description: "objective belongs to another area or goal than the metric's",
    hint: 'objective 2.4.1 is under area 2.4 and goal 2',
  },
  {
    id: 'metric/unknown-action',
    severity: 'error',
    description:
      "actions names a number that is not one of the framework's actions, or is not a ;-separated list of numbers",
    hint: 'write action numbers separated by semicolons, like 5;8',
  },
  ...periodRules('metric'),
  {
    id: 'metric/target-incomplete',
    severity: 'error',
    description: 'target_value and target_period must be given together',
    hint: 'fill both cells or leave both empty',
  },
  ...numberRules('metric/target-value', 'target_value'),
  {
    id: 'metric/short-name-one-language',
    severity: 'error',
    description: 'a short name is given in one language only',
    hint: 'write name_short_en and name_short_es, or leave both empty',
  },
  {
    id: 'metric/rationale-one-language',
    severity: 'error',
    description: 'an attribution rationale is given in one language only',
    hint: 'write rationale_en and rationale_es, or leave both empty',
  },
  {
    id: 'metric/headline-country',
    severity: 'error',
    description: 'headline_for names something other than a country code',
    hint: 'write US, MX or BI separated by semicolons',
  },
  {
    id: 'metric/statement-headline',
    severity: 'error',
    description:
      'a figure quoted from a statement is marked as a headline indicator; statuses come from official series only',
    hint: 'leave headline_for empty and name the official series it repeats in cross_check',
  },
  {
    id: 'metric/duplicate-headline',
    severity: 'error',
    description: 'two series are the headline indicator of one phenomenon for one country',
    hint: 'keep one headline; the other becomes a companion series',
  },
  {
    id: 'metric/no-headline',
    severity: 'error',
    description: 'a phenomenon has official data for a country but no headline indicator',
    hint: 'write the country in headline_for of the series that decides its status',
  },
  {
    id: 'metric/unknown-reference',
    severity: 'error',
    description:
      'cross_check or adjustment_of names no metric, the metric itself, or (adjustment_of) a series of another phenomenon',
    hint: 'write the id of the series it checks or adjusts',
  },
  {
    id: 'metric/caveat-one-language',
    severity: 'error',
    description: 'a caveat is given in one language only',
    hint: 'write caveat_en and caveat_es, or leave both empty',
  },
  {
    id: 'metric/period-kind-mismatch',
    severity: 'error',
    description:
      "baseline_period or target_period is a calendar year while the metric's observations use fiscal years, or the reverse",
    hint: 'use the same kind of period as the observations',
  },
  // observations.csv
  {
    id: 'observation/unknown-metric',
    severity: 'error',
    description: 'metric is not an id in metrics.csv',
    hint: 'add the metric to metrics.csv or fix the spelling',
  },
  {
    id: 'observation/country',
    severity: 'error',
    description: 'country is not US, MX or BI',
    hint: 'write US, MX or BI (binational)',
  },
  ...periodRules('observation'),
  {
    id: 'observation/period-kind-mixed',
    severity: 'error',
    description: 'one metric mixes calendar years and fiscal years',
    hint: 'use one kind of period per metric; make a second metric for the other kind',
  },
  ...numberRules('observation/value', 'value'),
  {
    id: 'observation/status',
    severity: 'error',
    description: 'status is not final, provisional, underreported or estimate',
    hint: "write the source's flag: final, provisional, underreported or estimate",
  },
  {
    id: 'observation/qualifier',
    severity: 'error',
    description: 'qualifier is not exact, approximate, lower_bound or upper_bound',
    hint: 'write lower_bound for "more than"/"over", upper_bound for "nearly", approximate for "about", exact or empty otherwise',
  },
  {
    id: 'observation/compared-with',
    severity: 'error',
    description: "compared_with is not a period, or is not before the observation's period, or is of the other kind",
    hint: 'write the period the stated change compares with, e.g. 2020 for "a 23 percent increase over 2020"',
  },
  {
    id: 'observation/stated-period',
    severity: 'error',
    description:
      'stated_period is not one of first-framework-year, past-twelve-months, cumulative, partial-year, as-of, pledge',
    hint: 'leave it empty when the source gives the year itself; otherwise name how the source states the period',
  },
  {
    id: 'observation/compared-with-unit',
    severity: 'error',
    description: "compared_with is given but the metric's unit is not percent",
    hint: 'a stated change is a percent: use a metric in unit percent, or clear compared_with',
  },
  {
    id: 'observation/duplicate',
    severity: 'error',
    description: 'two rows have the same metric, country and period',
    hint: 'keep one row; put revisions in the note',
  },
  ...quoteRules('observation'),
  {
    id: 'observation/quote-value-mismatch',
    severity: 'error',
    description: 'the value does not appear in the quote',
    hint: 'the quote must contain the number as 5,046 or 5046, as 20.4 million for 20400000, or as 23 percent for 23',
  },
  // milestones.csv
  {
    id: 'milestone/duplicate-id',
    severity: 'error',
    description: 'two milestones share an id',
    hint: 'give each milestone its own id',
  },
  {
    id: 'milestone/id-format',
    severity: 'error',
    description: 'a milestone id is not lower-case letters, digits, - or _',
    hint: 'write ids like action-7-mou',
  },
  {
    id: 'milestone/unknown-action',
    severity: 'error',
    description: "action is not one of the framework's action numbers",
    hint: 'write the action number (1–13)',
  },
  ...periodRules('milestone'),
  {
    id: 'milestone/status',
    severity: 'error',
    description: 'status is not no_report, not_started, in_progress or done',
    hint: 'write done, in_progress, no_report (no source reports on it) or not_started (a source says it has not begun)',
  },
  {
    id: 'milestone/relation',
    severity: 'error',
    description: 'relation is not evidence or related',
    hint: 'write evidence (the quote makes it evidence of the action) or related (shown beside the action, outside its status)',
  },
  {
    id: 'milestone/place',
    severity: 'error',
    description: 'goal, area or objective is not in the framework, or they do not belong together',
    hint: 'write a goal number, an area code like 2.1 of that goal, an objective code like 2.1.1 of that area',
  },
  {
    id: 'milestone/done-date',
    severity: 'error',
    description: 'done_date is not a real date written YYYY-MM or YYYY-MM-DD',
    hint: 'write 2022-10 or 2022-10-14',
  },
  {
    id: 'milestone/unknown-parent',
    severity: 'error',
    description: 'updates names no milestone, the milestone itself, or a milestone that is itself an update',
    hint: 'write the id of the first report of the event',
  },
  {
    id: 'milestone/done-date-not-done',
    severity: 'warning',
    description: 'done_date is given but status is not done',
    hint: 'set status to done, or clear done_date',
  },
  ...quoteRules('milestone'),
  // editions.csv
  {
    id: 'edition/year',
    severity: 'error',
    description: 'year is not a four-digit reporting year',
    hint: 'write the year the report is about, like 2024',
  },
  {
    id: 'edition/duplicate',
    severity: 'error',
    description: "two rows date the same year's report",
    hint: 'keep one row per year',
  },
  {
    id: 'edition/date',
    severity: 'error',
    description: 'date is not a real date written YYYY-MM-DD',
    hint: 'write the full date, like 2026-12-03',
  },
  {
    id: 'edition/date-before-year',
    severity: 'error',
    description: 'a report is dated before the end of the year it reports on',
    hint: 'date it after the year has ended',
  },
  // sources.csv
  {
    id: 'source/duplicate-id',
    severity: 'error',
    description: 'two sources share an id',
    hint: 'give each source its own id',
  },
  {
    id: 'source/id-format',
    severity: 'error',
    description: 'a source id is not lower-case letters, digits, - or _',
    hint: 'write ids like cdc-vsrr-overdose',
  },
  {
    id: 'source/kind',
    severity: 'error',
    description: 'kind is not dataset or statement',
    hint: 'write dataset or statement',
  },
  {
    id: 'source/date',
    severity: 'error',
    description: 'date is not a real date written YYYY-MM or YYYY-MM-DD',
    hint: 'write 2023-03-10 or 2025-06',
  },
  {
    id: 'source/date-role',
    severity: 'error',
    description: 'date_role is not published, cutoff, retrieved or consulted',
    hint: 'write what the date is: published, cutoff, retrieved or consulted',
  },
  {
    id: 'source/url',
    severity: 'error',
    description: 'url is not an https address',
    hint: "write the publisher's https:// address",
  },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

const byId = new Map<string, Rule>(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}
