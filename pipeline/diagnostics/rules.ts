// Every rule id the tool can report, with what it means and how to fix it: the data rules from
// pipeline/diagnostics/data-rules.ts plus those of the seeds, catalogues, inputs, model and outputs.
// data/README.md prints this list (see rulesMarkdown; a test keeps the two in step).

import { RULES as DATA_RULES, type Rule, type RuleId as DataRuleId } from './data-rules.js';

export const OTHER_RULES = [
  {
    id: 'seed/manifest',
    severity: 'error',
    description: 'seeds/manifest.json is missing or malformed',
    hint: 'restore seeds/manifest.json from the repository; it lists each seed as {role, file, title, publisher, date, sha256}',
  },
  {
    id: 'seed/missing',
    severity: 'error',
    description: 'a seed file listed in the manifest does not exist',
    hint: 'restore the seed from the repository (its original is in shared/seeds)',
  },
  {
    id: 'seed/unreadable',
    severity: 'error',
    description: 'a seed file cannot be read (permissions, or it is a folder)',
    hint: 'fix the file permissions or restore the file',
  },
  {
    id: 'seed/changed',
    severity: 'error',
    description: 'a seed file differs from the text whose SHA-256 seeds/manifest.json records (checked at every build)',
    hint: 'restore the seed from the repository; a deliberate replacement needs its new sha256 in seeds/manifest.json',
  },
  {
    id: 'seed/encoding',
    severity: 'error',
    description: 'a seed file is not UTF-8',
    hint: 'restore the byte-for-byte copy from the repository',
  },
  {
    id: 'seed/structure',
    severity: 'error',
    description:
      'a seed does not contain the structure expected of it (goals, cooperation areas, objectives, 13 actions, 3 commitments)',
    hint: 'restore the seed; if its text was deliberately edited, keep the numbered headings and lists intact',
  },
  {
    id: 'i18n/json',
    severity: 'error',
    description: 'a message catalogue is not a valid JSON object',
    hint: 'fix the JSON syntax (a missing comma or quote)',
  },
  {
    id: 'i18n/not-text',
    severity: 'error',
    description: 'a catalogue entry is not a string',
    hint: 'every entry is a piece of text',
  },
  {
    id: 'i18n/missing',
    severity: 'error',
    description: 'a report text is missing or empty in one language',
    hint: 'add the key to the catalogue of that language (templates/i18n/<lang>/)',
  },
  {
    id: 'i18n/template',
    severity: 'error',
    description: 'a catalogue text is not a valid template, or uses a field ({{name}}) the report does not give it',
    hint: 'close every {{ with }}; use only the fields the message names in its hint',
  },
  {
    id: 'template/syntax',
    severity: 'error',
    description:
      'an HTML template (page.hbs, partials) does not compile: an unclosed {{ or block, a helper or a partial that does not exist',
    hint: 'close every {{#block}} with its {{/block}}; use only the helpers and partials the hint lists',
  },
  {
    id: 'template/unknown-field',
    severity: 'error',
    description:
      "an HTML template names a field the page's view model does not have (checked by check and build before anything is rendered)",
    hint: "check the field's spelling against the other templates",
  },
  {
    id: 'input/unreadable',
    severity: 'error',
    description:
      'an input folder or file does not exist or cannot be read, or is not a regular file (a pipe, a device)',
    hint: 'check the path given with --data, --seeds or --templates',
  },
  {
    id: 'input/too-large',
    severity: 'error',
    description: 'an input file is over its size limit (CSV 32 MiB, seed 2 MiB, catalogue or template 1 MiB)',
    hint: 'check that the path names the right file',
  },
  {
    id: 'model/no-year',
    severity: 'error',
    description: 'there are no observations, so there is no reporting year',
    hint: 'add observations, or pass --year',
  },
  {
    id: 'model/year-without-data',
    severity: 'error',
    description: '--year names a year with no observation',
    hint: 'choose one of the years in the data',
  },
  { id: 'stakeholder/language', severity: 'error', description: 'language is not en or es', hint: 'write en or es' },
  { id: 'stakeholder/format', severity: 'error', description: 'format is not pdf or html', hint: 'write pdf or html' },
  {
    id: 'stakeholder/scope',
    severity: 'error',
    description: 'scope is not full or excerpt',
    hint: 'write full or excerpt',
  },
  {
    id: 'stakeholder/goal',
    severity: 'error',
    description: 'goals holds something that is not a goal number of the framework',
    hint: 'write goal numbers separated by semicolons, like 1;3',
  },
  {
    id: 'stakeholder/action',
    severity: 'error',
    description: 'actions holds something that is not an action number of the framework',
    hint: 'write action numbers separated by semicolons, like 7;8',
  },
  {
    id: 'stakeholder/excerpt-empty',
    severity: 'error',
    description: 'an excerpt lists neither goals nor actions',
    hint: 'list goals and/or actions, or write full in scope',
  },
  {
    id: 'stakeholder/full-with-selection',
    severity: 'warning',
    description: 'scope is full but goals or actions are listed (they are ignored)',
    hint: 'write excerpt in scope to send only those',
  },
  {
    id: 'stakeholder/email',
    severity: 'error',
    description: 'email is not one e-mail address',
    hint: 'write one address like name@example.org, or leave it empty',
  },
  {
    id: 'stakeholder/control-character',
    severity: 'error',
    description: 'a name or address holds a line break or another control character',
    hint: 'write it on one line',
  },
  {
    id: 'stakeholder/duplicate',
    severity: 'warning',
    description:
      'the same address (Unicode NFC, any case) with the same packet on two rows, or a row without an address repeating another; the later row adds no message',
    hint: 'delete one of the two rows named; give the row another language, format or scope to send a second packet',
  },
  {
    id: 'revisions/unreadable',
    severity: 'warning',
    description: 'a published revision folder has no valid revision.json; it is ignored',
    hint: 'restore the folder from a copy, or remove it if it was never distributed',
  },
  {
    id: 'revisions/data-invalid',
    severity: 'warning',
    description: 'a published data copy no longer validates, so its corrections cannot be listed',
    hint: 'none needed; the published files are unaffected',
  },
  {
    id: 'publish/revision-exists',
    severity: 'error',
    description: 'the revision folder to create already exists',
    hint: 'run publish again to see which revision is current',
  },
  {
    id: 'publish/data-changed',
    severity: 'error',
    description: 'a data file changed while publishing',
    hint: 'run publish again once the data is saved',
  },
  {
    id: 'publish/output-changed',
    severity: 'error',
    description: 'a built file changed after the build wrote it',
    hint: 'run publish again; do not edit out/ while publishing',
  },
  {
    id: 'publish/date-before-previous',
    severity: 'error',
    description: "the revision date is before the last revision's",
    hint: 'unset SOURCE_DATE_EPOCH, or set it to a later day',
  },
  {
    id: 'packets/output-changed',
    severity: 'error',
    description: 'a built report does not match manifest.json',
    hint: 'run packets again; do not edit out/ meanwhile',
  },
  {
    id: 'packets/unpublished',
    severity: 'warning',
    description: 'the packets carry a revision that is not published yet',
    hint: 'run hlsd-report publish first, so every packet matches a frozen revision',
  },
  {
    id: 'sign/no-certificate',
    severity: 'error',
    description: 'publish --sign was given no certificate',
    hint: 'name a PKCS#12 file with --cert FILE or HLSD_SIGN_P12',
  },
  {
    id: 'sign/unreadable',
    severity: 'error',
    description: 'the signing certificate file does not exist or cannot be read',
    hint: 'check the path given with --cert or HLSD_SIGN_P12',
  },
  {
    id: 'sign/not-pkcs12',
    severity: 'error',
    description: 'the signing certificate file is not PKCS#12 (.p12/.pfx)',
    hint: 'export the certificate with its private key as PKCS#12',
  },
  {
    id: 'sign/password',
    severity: 'error',
    description: 'the password does not open the signing certificate',
    hint: 'set HLSD_SIGN_PASSWORD to its password, or leave it unset to be asked',
  },
  {
    id: 'sign/no-password',
    severity: 'error',
    description: 'HLSD_SIGN_PASSWORD is not set and there is no terminal to ask for the password',
    hint: 'set HLSD_SIGN_PASSWORD, or run publish on a terminal',
  },
  {
    id: 'sign/no-key',
    severity: 'error',
    description: 'the certificate file holds no private key, or no certificate matching it',
    hint: 'export the signing certificate together with its private key',
  },
  {
    id: 'sign/expired',
    severity: 'error',
    description: 'the signing certificate has expired',
    hint: 'renew the certificate and sign with the new one',
  },
  {
    id: 'sign/not-yet-valid',
    severity: 'error',
    description: 'the signing certificate is not valid yet on the signing day',
    hint: 'sign on or after its first valid day',
  },
  {
    id: 'sign/iterations',
    severity: 'error',
    description:
      'the certificate file asks for more key-derivation iterations (MAC or encryption) than any real tool writes (over 5,000,000), so it is not opened',
    hint: 'export the certificate again with the usual settings',
  },
  {
    id: 'send/nothing-published',
    severity: 'error',
    description: 'no revision of the year is published, so there is nothing to send',
    hint: 'run hlsd-report publish first',
  },
  {
    id: 'send/revision-unreadable',
    severity: 'error',
    description: 'the published revision to send has no valid revision.json or changes.json',
    hint: 'restore the revision folder from a copy',
  },
  {
    id: 'send/revision-changed',
    severity: 'error',
    description: 'a file of the published revision does not match its SHA256SUMS',
    hint: 'restore the revision folder from a copy; a published revision must not change',
  },
  {
    id: 'send/no-address',
    severity: 'warning',
    description: 'a recipient has no e-mail address, so no message is composed for them',
    hint: 'add an address, or deliver the packet another way',
  },
  {
    id: 'send/packet-missing',
    severity: 'error',
    description: "a recipient's packet of the revision to send is missing",
    hint: 'run hlsd-report packets after publish',
  },
  {
    id: 'send/no-correction',
    severity: 'error',
    description: 'send --corrections on the first revision of a year: nothing to correct',
    hint: 'publish the corrected data first',
  },
  {
    id: 'send/log-unreadable',
    severity: 'error',
    description: 'published/<year>/deliveries.csv cannot be read',
    hint: 'fix its permissions',
  },
  {
    id: 'send/log-columns',
    severity: 'error',
    description: 'deliveries.csv lacks some of its columns',
    hint: 'restore it from a backup; send writes it and it must not be edited',
  },
  {
    id: 'send/log-row',
    severity: 'error',
    description: 'a line of deliveries.csv is malformed (a cell that is not what send writes there)',
    hint: 'restore it from a backup; send writes it and it must not be edited',
  },
  {
    id: 'send/log-file',
    severity: 'error',
    description:
      'a line of deliveries.csv (or a correction built from it) names a file send never attaches: a path, a folder, or not a packet of the year',
    hint: 'restore deliveries.csv from a backup; send attaches only packets and changes.json, from the revision and packets folders',
  },
  {
    id: 'send/log-torn',
    severity: 'warning',
    description:
      'the last line of deliveries.csv was cut off (a send was killed while writing it); it is ignored and removed',
    hint: 'nothing to do: the message keeps its intent line, so its outcome is reported as unknown',
  },
  {
    id: 'send/log-unwritable',
    severity: 'error',
    description:
      'deliveries.csv (or its folder) cannot be written, so nothing is sent (or, mid-batch, the batch stops)',
    hint: 'fix the permissions or free some space, then run the same command again',
  },
  {
    id: 'send/locked',
    severity: 'error',
    description: "another send is using the year's delivery log (deliveries.csv.lock names it); nothing was sent",
    hint: 'wait for it to finish, then run the command again',
  },
  {
    id: 'send/outcome-unknown',
    severity: 'warning',
    description:
      'a message was handed to the server by a run that was stopped before the answer was logged; it is not sent again',
    hint: "check the server's log or ask the recipient; if it did not arrive, run send again with --resend-unknown",
  },
  {
    id: 'send/packet-changed',
    severity: 'error',
    description: 'a packet does not match the SHA-256 that distribution.csv (or the plan) recorded for it',
    hint: 'run hlsd-report packets again; do not edit the packets folder',
  },
  {
    id: 'send/checksums-line',
    severity: 'error',
    description:
      "a line of a revision's SHA256SUMS is malformed, repeated, or names a path outside the revision folder",
    hint: 'restore the revision folder from a copy',
  },
  {
    id: 'send/distribution-row',
    severity: 'error',
    description: 'a row of out/<year>/packets/distribution.csv is malformed or names a file outside the packets folder',
    hint: 'run hlsd-report packets again',
  },
  {
    id: 'send/smtp-failed',
    severity: 'error',
    description: 'the SMTP server refused a message or could not be reached; the batch stopped there',
    hint: 'fix the problem and run the same command again: what was sent is skipped',
  },
  {
    id: 'env/source-date-epoch',
    severity: 'error',
    description: 'SOURCE_DATE_EPOCH is not a whole number of seconds from 1970 to 9999 (exit 2)',
    hint: 'set it with date +%s, or unset it',
  },
  {
    id: 'output/unwritable',
    severity: 'error',
    description: 'the output folder cannot be written',
    hint: 'choose a writable folder with --out DIR; the previous outputs are left as they were',
  },
  {
    id: 'explain/unknown-metric',
    severity: 'error',
    description: 'explain was asked about a metric that is not in metrics.csv',
    hint: 'use a metric id from data/metrics.csv; the message suggests the nearest one',
  },
  {
    id: 'explain/no-figure',
    severity: 'error',
    description: 'explain found no figure of the metric for the country or period asked',
    hint: 'drop --country or --period, or choose one the metric has figures for',
  },
] as const satisfies readonly Rule[];

/** Every rule id in the catalogue: Diagnostic.rule is one of these, so a new id must be catalogued (and documented) first. */
export type RuleId = DataRuleId | (typeof OTHER_RULES)[number]['id'];

export function allRules(): Rule[] {
  return [...DATA_RULES, ...OTHER_RULES];
}

/** The Markdown table printed in data/README.md. */
export function rulesMarkdown(): string {
  const rows = allRules().map(
    (r) => `| \`${r.id}\` | ${r.severity} | ${r.description} | ${r.hint.replace(/\|/g, '\\|')} |`,
  );
  return ['| rule | severity | what it means | how to fix it |', '|---|---|---|---|', ...rows].join('\n');
}
