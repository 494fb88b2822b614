// The data companion published with each report: the data actually used, as CSV and JSON, described
// by a Frictionless data package, plus the framework with its seed citations. (Issue 11.)

import type { AssessmentResult } from '../assess/types.js';
import type { ReportModel, Unit } from '../model/types.js';

export interface CompanionFile {
  /** Path relative to out/<year>/, e.g. data/observations.csv */
  name: string;
  bytes: Buffer;
}

export interface CompanionInput {
  model: ReportModel;
  units: Unit[];
  assessment: AssessmentResult;
}

export function dataCompanion(_input: CompanionInput): CompanionFile[] {
  return [];
}
