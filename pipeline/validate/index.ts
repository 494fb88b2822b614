// The validate stage's front door: parsed data files in, a Dataset and diagnostics out.

export { validateDataset, type DatasetInput, type ValidatedDataset } from './dataset.js';
export { RULES, ruleById, type Rule, type RuleId } from '../diagnostics/data-rules.js';
export { normalizeQuoteText, valueAppearsIn, numbersIn, findQuote } from './quote.js';
export { type Unit, UNIT_COLUMNS } from './units.js';
export { METRIC_COLUMNS } from './metrics.js';
export { OBSERVATION_COLUMNS } from './observations.js';
export { MILESTONE_COLUMNS } from './milestones.js';
export { parsePlainNumber, parsePeriod, parseIsoDate } from './cells.js';
