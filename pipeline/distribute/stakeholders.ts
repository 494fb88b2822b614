// data/stakeholders.csv: who receives which packet (full report or excerpt, language, format),
// checked against the framework with positioned diagnostics like the report's own data files.

import { error, warning, type Diagnostic, type Position } from '../diagnostics/diagnostic.js';
import type { RuleId } from '../diagnostics/rules.js';
import type { Effects } from '../effects.js';
import { parseCsv, type ParsedCsv } from '../ingest/csv.js';
import type { Framework, Lang } from '../core/types.js';
import type { Format } from '../options.js';
import { show } from '../validate/cells.js';
import { Sheet } from '../validate/sheet.js';
import { addressKey } from './deliveries.js';

export const STAKEHOLDER_COLUMNS = [
  'recipient',
  'organisation',
  'email',
  'language',
  'format',
  'goals',
  'actions',
  'scope',
] as const;
type Column = (typeof STAKEHOLDER_COLUMNS)[number];

export interface Stakeholder {
  recipient: string;
  organisation: string;
  email: string;
  language: Lang;
  format: Format;
  goals: number[];
  actions: number[];
  scope: 'full' | 'excerpt';
  /** Line in stakeholders.csv, for messages. */
  line: number;
}

/** Stable rule ids (data/README.md lists them). */
export const STAKEHOLDER_RULES = {
  language: 'stakeholder/language',
  format: 'stakeholder/format',
  scope: 'stakeholder/scope',
  goal: 'stakeholder/goal',
  action: 'stakeholder/action',
  excerptEmpty: 'stakeholder/excerpt-empty',
  fullWithSelection: 'stakeholder/full-with-selection',
  email: 'stakeholder/email',
  control: 'stakeholder/control-character',
  duplicate: 'stakeholder/duplicate',
} as const;

// A plausible address, not RFC 5322: one @, no spaces or markup, a dot in the domain.
const EMAIL = /^[^\s@<>"',;()]+@[^\s@<>"',;()]+\.[^\s@<>"',;()]+$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export function validateStakeholders(
  parsed: ParsedCsv,
  framework: Framework,
): { stakeholders: Stakeholder[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (parsed.header.length === 0) return { stakeholders: [], diagnostics };
  const sheet = new Sheet<Column>(
    parsed,
    { columns: STAKEHOLDER_COLUMNS, required: ['recipient', 'language', 'format', 'scope'], noRows: 'error' },
    diagnostics,
  );
  const goalNumbers = new Set(framework.goals.map((g) => g.number));
  const actionNumbers = new Set(framework.actions.map((a) => a.number));
  const stakeholders: Stakeholder[] = [];
  const seen = new Map<string, { line: number; email: string }>();
  for (const row of sheet.rows) {
    const before = diagnostics.filter((d) => d.severity === 'error').length;
    const at = (c: Column) => sheet.at(row, c);
    const recipient = sheet.cell(row, 'recipient');
    const organisation = sheet.cell(row, 'organisation') ?? '';
    const email = (sheet.cell(row, 'email') ?? '').trim();
    for (const c of ['recipient', 'organisation', 'email'] as const) {
      if (CONTROL.test(row.cells[c] ?? ''))
        diagnostics.push(
          error(
            at(c),
            STAKEHOLDER_RULES.control,
            `${c} contains a line break or another control character`,
            `write ${c} on one line, as plain text`,
          ),
        );
    }
    if (email !== '' && !EMAIL.test(email))
      diagnostics.push(
        error(
          at('email'),
          STAKEHOLDER_RULES.email,
          `email ${show(email)} is not an e-mail address`,
          'write one address like name@example.org, or leave the cell empty',
        ),
      );
    const language = choice(
      sheet.cell(row, 'language'),
      ['en', 'es'] as const,
      at('language'),
      STAKEHOLDER_RULES.language,
      'language',
      diagnostics,
    );
    const format = choice(
      sheet.cell(row, 'format'),
      ['pdf', 'html'] as const,
      at('format'),
      STAKEHOLDER_RULES.format,
      'format',
      diagnostics,
    );
    const scope = choice(
      sheet.cell(row, 'scope'),
      ['full', 'excerpt'] as const,
      at('scope'),
      STAKEHOLDER_RULES.scope,
      'scope',
      diagnostics,
    );
    const goals = numberList(
      sheet.cell(row, 'goals') ?? '',
      goalNumbers,
      at('goals'),
      STAKEHOLDER_RULES.goal,
      'goal',
      diagnostics,
    );
    const actions = numberList(
      sheet.cell(row, 'actions') ?? '',
      actionNumbers,
      at('actions'),
      STAKEHOLDER_RULES.action,
      'action',
      diagnostics,
    );
    if (
      scope === 'excerpt' &&
      goals.length === 0 &&
      actions.length === 0 &&
      (row.cells.goals ?? '').trim() === '' &&
      (row.cells.actions ?? '').trim() === ''
    ) {
      diagnostics.push(
        error(
          at('scope'),
          STAKEHOLDER_RULES.excerptEmpty,
          'an excerpt needs goals or actions, and both are empty',
          'list goal numbers in goals and/or action numbers in actions (e.g. 2 and 7;8), or write full in scope',
        ),
      );
    }
    if (scope === 'full' && (goals.length > 0 || actions.length > 0)) {
      diagnostics.push(
        warning(
          at('scope'),
          STAKEHOLDER_RULES.fullWithSelection,
          'scope is full, so the goals and actions listed are ignored',
          'write excerpt in scope to send only those goals and actions',
        ),
      );
    }
    if (
      diagnostics.filter((d) => d.severity === 'error').length > before ||
      recipient === undefined ||
      !language ||
      !format ||
      !scope
    )
      continue;
    // Recipients are addresses: the same mailbox with the same packet twice is one message (however
    // the address is spelled: NFC, case), the same name at two addresses is two recipients. Only
    // rows without an address are told apart by name.
    const packet = [
      language,
      format,
      scope,
      scope === 'excerpt' ? goals.join(';') : '',
      scope === 'excerpt' ? actions.join(';') : '',
    ];
    const key = (
      email !== ''
        ? ['@', addressKey(email), ...packet]
        : [recipient.trim().toLowerCase(), organisation.trim().toLowerCase(), ...packet]
    ).join('\u0000');
    const first = seen.get(key);
    if (first !== undefined) {
      diagnostics.push(
        warning(
          { file: sheet.file, line: row.line, column: email !== '' ? (row.columns.email ?? 1) : 1 },
          STAKEHOLDER_RULES.duplicate,
          email !== ''
            ? `this row sends the same packet to the same address as line ${first.line} (${show(first.email)}${first.email === email ? '' : ` and ${show(email)} are one address`}), so line ${first.line}'s row is used and this one adds no message`
            : `this row repeats line ${first.line}, so it adds no packet`,
          email !== ''
            ? `delete line ${row.line} or line ${first.line}; to send a second packet to this address, give the row another language, format or scope`
            : 'delete one of the two rows; the recipient would get the same packet twice',
        ),
      );
      continue;
    }
    seen.set(key, { line: row.line, email });
    stakeholders.push({
      recipient: recipient.trim(),
      organisation: organisation.trim(),
      email: email.normalize('NFC'),
      language,
      format,
      goals,
      actions,
      scope,
      line: row.line,
    });
  }
  return { stakeholders, diagnostics };
}

function choice<T extends string>(
  cell: string | undefined,
  allowed: readonly T[],
  at: Position,
  rule: RuleId,
  column: string,
  diagnostics: Diagnostic[],
): T | undefined {
  if (cell === undefined) return undefined; // empty required cell, already reported
  const value = cell.trim().toLowerCase();
  if ((allowed as readonly string[]).includes(value)) return value as T;
  diagnostics.push(
    error(at, rule, `${column} ${show(cell)} is not one of ${allowed.join(', ')}`, `write ${allowed.join(' or ')}`),
  );
  return undefined;
}

/** "2;7;8" → [2, 7, 8], each checked against the framework; sorted, without repeats. */
function numberList(
  cell: string,
  known: ReadonlySet<number>,
  at: Position,
  rule: RuleId,
  what: string,
  diagnostics: Diagnostic[],
): number[] {
  if (cell.trim() === '') return [];
  const out = new Set<number>();
  for (const raw of cell.split(';')) {
    const item = raw.trim();
    if (!/^\d{1,3}$/.test(item)) {
      const hint = /,/.test(item)
        ? `separate ${what}s with semicolons: ${cell.replace(/,/g, ';')}`
        : `write ${what} numbers separated by semicolons, e.g. 1;3`;
      diagnostics.push(error(at, rule, `${show(item)} in ${what}s is not a ${what} number`, hint));
      continue;
    }
    const n = Number(item);
    if (!known.has(n)) {
      diagnostics.push(
        error(
          at,
          rule,
          `there is no ${what} ${n} in the framework`,
          `${what}s are numbered ${[...known].sort((a, b) => a - b).join(', ')}`,
        ),
      );
      continue;
    }
    out.add(n);
  }
  return [...out].sort((a, b) => a - b);
}

/** Reads and checks the list of recipients; a file that cannot be read is one diagnostic. */
export async function readStakeholders(
  file: string,
  framework: Framework,
  effects: Pick<Effects, 'readFile'>,
): Promise<{ stakeholders: Stakeholder[]; diagnostics: Diagnostic[] }> {
  let bytes: Buffer;
  try {
    bytes = await effects.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      stakeholders: [],
      diagnostics: [
        error(
          { file },
          'input/unreadable',
          `the list of recipients ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? String(e)})`}`,
          `create ${file} with the columns recipient,organisation,email,language,format,goals,actions,scope (see data/README.md), or pass --stakeholders FILE`,
        ),
      ],
    };
  }
  return validateStakeholders(parseCsv(file, bytes), framework);
}
