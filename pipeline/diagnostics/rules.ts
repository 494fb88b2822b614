// Every rule id the tool can report, with what it means and how to fix it: the data rules from
// pipeline/validate/rules.ts plus those of the seeds, catalogues, inputs, model and outputs.
// data/README.md prints this list (see rulesMarkdown; a test keeps the two in step).

import { RULES as DATA_RULES, type Rule } from '../validate/rules.js';

export const OTHER_RULES: readonly Rule[] = [
  { id: 'seed/manifest', severity: 'error', description: 'seeds/manifest.json is missing or malformed', hint: 'restore seeds/manifest.json from the repository; it lists each seed as {role, file, title, publisher, date}' },
  { id: 'seed/missing', severity: 'error', description: 'a seed file listed in the manifest does not exist', hint: 'restore the seed from the repository (its original is in shared/seeds)' },
  { id: 'seed/unreadable', severity: 'error', description: 'a seed file cannot be read (permissions, or it is a folder)', hint: 'fix the file permissions or restore the file' },
  { id: 'seed/encoding', severity: 'error', description: 'a seed file is not UTF-8', hint: 'restore the byte-for-byte copy from the repository' },
  { id: 'seed/structure', severity: 'error', description: 'a seed does not contain the structure expected of it (goals, cooperation areas, objectives, 13 actions, 3 commitments)', hint: 'restore the seed; if its text was deliberately edited, keep the numbered headings and lists intact' },
  { id: 'i18n/json', severity: 'error', description: 'a message catalogue is not a valid JSON object', hint: 'fix the JSON syntax (a missing comma or quote)' },
  { id: 'i18n/not-text', severity: 'error', description: 'a catalogue entry is not a string', hint: 'every entry is a piece of text' },
  { id: 'i18n/missing', severity: 'error', description: 'a report text is missing or empty in one language', hint: 'add the key to the catalogue of that language (templates/i18n/<lang>/)' },
  { id: 'input/unreadable', severity: 'error', description: 'an input folder or file does not exist or cannot be read', hint: 'check the path given with --data, --seeds or --templates' },
  { id: 'model/no-year', severity: 'error', description: 'there are no observations, so there is no reporting year', hint: 'add observations, or pass --year' },
  { id: 'model/year-without-data', severity: 'error', description: '--year names a year with no observation', hint: 'choose one of the years in the data' },
  { id: 'output/unwritable', severity: 'error', description: 'the output folder cannot be written', hint: 'choose a writable folder with --out DIR; the previous outputs are left as they were' },
];

export function allRules(): Rule[] {
  return [...DATA_RULES, ...OTHER_RULES];
}

/** The Markdown table printed in data/README.md. */
export function rulesMarkdown(): string {
  const rows = allRules().map((r) => `| \`${r.id}\` | ${r.severity} | ${r.description} | ${r.hint.replace(/\|/g, '\\|')} |`);
  return ['| rule | severity | what it means | how to fix it |', '|---|---|---|---|', ...rows].join('\n');
}
