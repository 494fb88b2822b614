// The report model's types: the framework parsed from the seeds, and the metrics, observations
// and milestones read from data/. These are the contract between validate, model, assess and compose.

import type { Position } from '../diagnostics/diagnostic.js';

// The languages are a registry (core/languages.ts); their code type and list are named here too,
// where the model's Record<Lang, string> texts are declared.
export { LANGS, type Lang } from './languages.js';
import type { Lang } from './languages.js';

/** Where a framework element was found: a seed file (name inside seeds/) and a 1-based inclusive line range. */
export interface Citation {
  file: string;
  lines: [number, number];
}

export type SeedRole =
  | 'whitehouse-fact-sheet-2021'
  | 'joint-statement-2021'
  | 'joint-statement-2022'
  | 'mexico-fact-sheet-2021'
  | 'action-plan-2022';

export interface SeedDocument {
  role: SeedRole;
  /** File name inside seeds/. */
  file: string;
  title: string;
  publisher: string;
  /** ISO date (YYYY-MM-DD) or year when undated. */
  date: string;
  /** Raw text exactly as stored. */
  text: string;
}

export interface SubArea {
  title: string;
  description: string;
  citation: Citation;
}

export interface Goal {
  id: `goal-${number}`;
  number: number;
  /** e.g. "Protect our people" */
  title: string;
  /** The goal's description in the White House fact sheet. */
  description: string;
  /** Mexico's wording of the description (Mexico fact sheet), when found. */
  mexicoDescription?: string;
  /** Where mexicoDescription was found (Mexico fact sheet). */
  mexicoCitation?: Citation;
  /** Sub-areas with descriptions (White House fact sheet). */
  subareas: SubArea[];
  citation: Citation;
}

export interface CooperationArea {
  id: `area-${number}-${number}`;
  /** "2.3" */
  code: string;
  goal: number;
  title: string;
  citation: Citation;
}

export interface JointObjective {
  id: `objective-${number}-${number}-${number}`;
  /** "2.3.1" */
  code: string;
  /** "2.3" */
  area: string;
  goal: number;
  text: string;
  citation: Citation;
}

export interface Action {
  id: `action-${number}`;
  number: number;
  text: string;
  citation: Citation;
}

export interface Commitment {
  id: `commitment-${number}`;
  number: number;
  title: string;
  citation: Citation;
}

export interface Framework {
  goals: Goal[];
  areas: CooperationArea[];
  objectives: JointObjective[];
  actions: Action[];
  commitments: Commitment[];
  /** The decision to establish benchmarks (2022 joint statement), cited. */
  benchmarkDecision?: { text: string; citation: Citation };
  seeds: SeedDocument[];
}

export type Country = 'US' | 'MX' | 'BI';
export const COUNTRIES: readonly Country[] = ['US', 'MX', 'BI'];
export type Direction = 'increase' | 'decrease' | 'none';
/**
 * The source's own flag on a figure: `final`; `provisional` (may be revised, or a live registry);
 * `underreported` (the publisher says incomplete data); `estimate` (a model-based or stated estimate).
 */
export type ObservationStatus = 'final' | 'provisional' | 'underreported' | 'estimate';
/**
 * The period as the source states it, when it is not simply the calendar or fiscal year of
 * `period`: the framework's first year, the twelve months before the statement, a total up to the
 * statement, a partial year, a stock as of the statement's date, or a pledge (not a measurement).
 */
export type StatedPeriod =
  'first-framework-year' | 'past-twelve-months' | 'cumulative' | 'partial-year' | 'as-of' | 'pledge';
/** How the source bounds the figure: drives "more than", "nearly", "about" in both languages. */
export type Qualifier = 'exact' | 'approximate' | 'lower_bound' | 'upper_bound';
/**
 * What the sources report of a milestone: `done`, `in_progress`, `not_started` (a source says it
 * has not begun) or `no_report` (committed, and no later source reports on it: silence, not a fact).
 */
export type MilestoneStatus = 'no_report' | 'not_started' | 'in_progress' | 'done';
/** A milestone that evidences its action, or one only related to it (shown outside the action's status). */
export type MilestoneRelation = 'evidence' | 'related';

/** A registered non-seed source (data/sources.csv): an official dataset or a later statement. */
export interface Source {
  id: string;
  kind: 'dataset' | 'statement';
  publisher: Record<Lang, string>;
  title: Record<Lang, string>;
  /** YYYY-MM-DD or YYYY-MM: a statement's date, a dataset's cut-off, retrieval or consultation date. */
  date: string;
  /** What `date` means for a dataset: cut-off, retrieved, consulted. */
  dateRole?: 'published' | 'cutoff' | 'retrieved' | 'consulted';
  url?: string;
  at: Position;
}

/** A calendar year ("2021") or a U.S. fiscal year ("FY2022"); never compared across kinds. */
export interface Period {
  kind: 'calendar' | 'fiscal';
  year: number;
  /** Canonical label as written in the CSV: "2021" or "FY2022". */
  label: string;
}

export interface Metric {
  id: string;
  name: Record<Lang, string>;
  unit: string;
  direction: Direction;
  goal: number;
  /** "2.4" or undefined */
  area?: string;
  /** "2.4.1" or undefined */
  objective?: string;
  actions: number[];
  baselinePeriod?: Period;
  targetValue?: number;
  targetPeriod?: Period;
  source: string;
  /** The source's caveat a reader must see beside the figure, in both languages. */
  caveat?: Record<Lang, string>;
  /** A short name for second mentions in a paragraph ("synthetic-opioid deaths"). */
  shortName?: Record<Lang, string>;
  /** What the series measures, shared by its companions (a count beside its rate); absent: the metric's own id. */
  phenomenon?: string;
  /** Countries for which this series is its phenomenon's headline indicator (the only one rated). */
  headlineFor?: Country[];
  /** A quoted figure that repeats an official series: that series' metric id (a cross-check, not a metric of its own). */
  crossCheck?: string;
  /** A publisher's adjusted series (CDC's predicted count): the metric id of the unadjusted one. */
  adjustmentOf?: string;
  /** Actions the series is outcome context for: shown under them, never their status. */
  contextActions?: number[];
  /** Why the series measures what its actions commit to (the methodology's attribution table). */
  rationale?: Record<Lang, string>;
  /** Whether metrics.csv has the indicator-framework columns (older files: every series its own headline). */
  indicatorColumns?: boolean;
  /** official: from a registered dataset; statement: quoted from what a government states (evidence, never rated). Set by validate. */
  tier?: Tier;
  at: Position;
}

export type Tier = 'official' | 'statement';

export interface Observation {
  metric: string;
  country: Country;
  period: Period;
  value: number;
  status: ObservationStatus;
  /** Absent means exact. */
  qualifier?: Qualifier;
  /** For a figure that is itself a change ("23 percent increase over 2020"): the period compared with. */
  comparedWith?: Period;
  /** The period as the source states it, when it is not plainly `period` (absent: the year itself). */
  statedPeriod?: StatedPeriod;
  source: string;
  quote?: string;
  /** Found once by validate: where the quote is in its seed (1-based inclusive lines) and where the value is written in the quote. */
  quoteLines?: [number, number];
  valueSpan?: Span;
  note?: string;
  at: Position;
}

/** A half-open character range [start, end) in a string. */
export interface Span {
  start: number;
  end: number;
}

export interface Milestone {
  id: string;
  action: number;
  text: Record<Lang, string>;
  due?: Period;
  status: MilestoneStatus;
  /** ISO date YYYY-MM-DD or YYYY-MM when done: the date by which a source reports it done. */
  doneDate?: string;
  /** Absent means evidence. */
  relation?: MilestoneRelation;
  /** Where the milestone sits in the framework, for roll-ups beyond its action. */
  goal?: number;
  area?: string;
  objective?: string;
  source: string;
  quote?: string;
  /** Found once by validate: where the quote is in its seed (1-based inclusive lines). */
  quoteLines?: [number, number];
  /** The id of the milestone this later report updates: both are one event, counted once. */
  updates?: string;
  at: Position;
}

export interface Dataset {
  metrics: Metric[];
  observations: Observation[];
  milestones: Milestone[];
  /** Registered non-seed sources (data/sources.csv), in file order. */
  sources: Source[];
  /** The date each year's report carries on its cover until it is published (data/editions.csv). */
  editions?: Edition[];
}

/** A report edition: the report's own date for one reporting year (not the dialogue's date). */
export interface Edition {
  year: number;
  /** YYYY-MM-DD */
  date: string;
  at: Position;
}

export interface ReportModel {
  year: number;
  framework: Framework;
  data: Dataset;
}

/** A unit of measure from data/units.csv. */
export interface Unit {
  id: string;
  label: Record<Lang, string>;
  integer: boolean;
  nonNegative: boolean;
}
