// Parses the Bicentennial Framework (goals, cooperation areas, joint objectives, actions, commitments) out of the seed texts.

import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type {
  Action,
  Citation,
  Commitment,
  CooperationArea,
  Framework,
  Goal,
  JointObjective,
  SeedDocument,
  SeedRole,
  SubArea,
} from '../core/types.js';

/**
 * The framework's published shape (shared/seeds/README.md). It is only used to check that a parse found
 * everything — a seed cut short must not silently shrink the report; the model itself comes from the text.
 */
const EXPECTED = {
  goals: { count: 3, span: '1–3' },
  areas: { count: 11, span: '1.1–3.4' },
  objectives: { count: 26, span: '1.1.1–3.4.1' },
  actions: { count: 13, span: '1–13' },
  commitments: { count: 3, span: '1–3' },
} as const;

type Expected = (typeof EXPECTED)[keyof typeof EXPECTED];

const RESTORE = 'restore the seed byte-for-byte from shared/seeds (see seeds/README.md)';

interface Line {
  n: number;
  text: string;
}

interface Parsed<T> {
  value: T;
  diagnostics: Diagnostic[];
}

export interface FrameworkResult {
  framework: Framework;
  diagnostics: Diagnostic[];
}

/** Build the framework from the seeds, finding each by role; problems become `seed/structure` diagnostics. */
export function parseFramework(seeds: SeedDocument[], seedsDir = 'seeds'): FrameworkResult {
  const diagnostics: Diagnostic[] = [];
  const take = <T>(parsed: Parsed<T>): T => {
    diagnostics.push(...parsed.diagnostics);
    return parsed.value;
  };
  const seed = (role: SeedRole) => take(findSeed(seeds, role));
  const whiteHouse = seed('whitehouse-fact-sheet-2021');
  const mexico = seed('mexico-fact-sheet-2021');
  const plan = seed('action-plan-2022');
  const statement = seed('joint-statement-2022');

  let goals = whiteHouse ? take(parseGoals(whiteHouse)) : [];
  if (mexico) goals = take(addMexicoWording(mexico, goals));
  const commitments = mexico ? take(parseCommitments(mexico)) : [];
  const goalNumbers = whiteHouse ? goals.map((g) => g.number) : undefined;
  const { areas, objectives } = plan ? take(parseActionPlan(plan, goalNumbers)) : { areas: [], objectives: [] };
  const actions = statement ? take(parseActions(statement)) : [];
  const benchmarkDecision = statement ? take(parseBenchmarkDecision(statement)) : undefined;

  const framework: Framework = { goals, areas, objectives, actions, commitments, seeds };
  if (benchmarkDecision) framework.benchmarkDecision = benchmarkDecision;
  // Diagnostics name the folder the user gave (--seeds), not always seeds/.
  const relocated =
    seedsDir === 'seeds'
      ? diagnostics
      : diagnostics.map((d) =>
          d.file.startsWith('seeds/') ? { ...d, file: `${seedsDir.replace(/\/+$/, '')}/${d.file.slice(6)}` } : d,
        );
  return { framework, diagnostics: relocated };
}

/** The catalogue keys (templates/i18n/es/framework.json) that the framework's elements need. */
export function frameworkKeys(framework: Framework): string[] {
  const keys: string[] = [];
  for (const goal of framework.goals) {
    keys.push(`${goal.id}.title`, `${goal.id}.description`);
    if (goal.mexicoDescription !== undefined) keys.push(`${goal.id}.mexicoDescription`);
    goal.subareas.forEach((_, i) =>
      keys.push(`${goal.id}.subarea-${i + 1}.title`, `${goal.id}.subarea-${i + 1}.description`),
    );
  }
  keys.push(...framework.areas.map((a) => `${a.id}.title`));
  keys.push(...framework.objectives.map((o) => `${o.id}.text`));
  keys.push(...framework.actions.map((a) => `${a.id}.text`));
  keys.push(...framework.commitments.map((c) => `${c.id}.title`));
  if (framework.benchmarkDecision) keys.push('benchmark-decision.text');
  return keys;
}

// ─── Seeds and text helpers ──────────────────────────────────────────────────────────────────

function findSeed(seeds: SeedDocument[], role: SeedRole): Parsed<SeedDocument | undefined> {
  const found = seeds.find((s) => s.role === role);
  if (found) return { value: found, diagnostics: [] };
  const message = `expected a seed with role "${role}", found none`;
  const hint = 'list it in seeds/manifest.json and keep the file in seeds/';
  return { value: undefined, diagnostics: [error({ file: 'seeds/manifest.json' }, 'seed/structure', message, hint)] };
}

function structure(
  seed: SeedDocument,
  line: number | undefined,
  message: string,
  hint: string,
  severity: 'error' | 'warning' = 'error',
): Diagnostic {
  const at = { file: `seeds/${seed.file}`, ...(line ? { line } : {}) };
  return severity === 'error'
    ? error(at, 'seed/structure', message, hint)
    : warning(at, 'seed/structure', message, hint);
}

function cite(seed: SeedDocument, lines: Line[]): Citation {
  return { file: seed.file, lines: [lines[0].n, lines[lines.length - 1].n] };
}

function toLines(text: string): Line[] {
  return text.split(/\r?\n/).map((t, i) => ({ n: i + 1, text: t }));
}

/** Remove extraction artefacts — HTML tags and comments, emphasis markers, Markdown escapes — and collapse spaces (NBSPs included). */
export function cleanText(text: string): string {
  return text
    .replace(/<!--.*?-->/g, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\*+/g, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!$])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

const isBlank = (line: Line) => cleanText(line.text) === '';
const joinText = (lines: Line[]) => cleanText(lines.map((l) => l.text).join(' '));

/** A heading or title should not end in the period or dash that the extraction left behind. */
function trimTitle(text: string): string {
  return text.replace(/[\s.:–—-]+$/u, '').replace(/^[\s–—:-]+/u, '');
}

/** "PROTECT OUR PEOPLE" → "Protect our people"; mixed-case titles only get their first letter raised. */
function sentenceCase(text: string): string {
  const base = text === text.toUpperCase() ? text.toLowerCase() : text;
  return base.charAt(0).toUpperCase() + base.slice(1);
}

function takeParagraph(lines: Line[], from: number): { paragraph: Line[]; next: number } {
  let i = from;
  while (i < lines.length && isBlank(lines[i])) i++;
  const start = i;
  while (i < lines.length && !isBlank(lines[i])) i++;
  return { paragraph: lines.slice(start, i), next: i };
}

// ─── Numbering checks shared by every list ────────────────────────────────────────────────────

interface Coded {
  code: string;
  line: number;
}

interface Noun {
  one: string;
  many: string;
}

/** Duplicates, gaps inside each parent (2.1, 2.3 → 2.2 missing) and the total against the published shape. */
function checkNumbering(
  seed: SeedDocument,
  items: Coded[],
  noun: Noun,
  expected: Expected,
  hint: string,
): Diagnostic[] {
  return [
    ...duplicateCodes(seed, items, noun, hint),
    ...gapsInCodes(seed, items, noun, hint),
    ...countCheck(seed, items, noun, expected, hint),
  ];
}

function duplicateCodes(seed: SeedDocument, items: Coded[], noun: Noun, hint: string): Diagnostic[] {
  const firstLine = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  for (const item of items) {
    const seen = firstLine.get(item.code);
    if (seen === undefined) firstLine.set(item.code, item.line);
    else
      diagnostics.push(
        structure(
          seed,
          item.line,
          `expected each ${noun.one} number once, found ${noun.one} ${item.code} again (first on line ${seen})`,
          hint,
        ),
      );
  }
  return diagnostics;
}

function gapsInCodes(seed: SeedDocument, items: Coded[], noun: Noun, hint: string): Diagnostic[] {
  const byParent = new Map<string, Coded[]>();
  for (const item of items) {
    const parent = item.code.split('.').slice(0, -1).join('.');
    byParent.set(parent, [...(byParent.get(parent) ?? []), item]);
  }
  return [...byParent].flatMap(([parent, siblings]) => gapsAmong(seed, parent, siblings, noun, hint));
}

/** One diagnostic per run of missing numbers, so "1. … 900. …" cannot flood the report. */
function gapsAmong(seed: SeedDocument, parent: string, siblings: Coded[], noun: Noun, hint: string): Diagnostic[] {
  const last = (s: Coded) => Number(s.code.split('.').pop());
  const sorted = [...siblings].sort((a, b) => last(a) - last(b));
  const found = siblings.map((s) => s.code).join(', ');
  const code = (k: number) => (parent ? `${parent}.${k}` : String(k));
  const diagnostics: Diagnostic[] = [];
  let expected = 1;
  for (const item of sorted) {
    const k = last(item);
    if (k > expected) {
      const missing =
        k - expected === 1
          ? `${noun.one} ${code(expected)}, found it`
          : `${noun.many} ${code(expected)}–${code(k - 1)}, found them`;
      diagnostics.push(structure(seed, item.line, `expected ${missing} missing (numbering goes ${found})`, hint));
    }
    expected = Math.max(expected, k + 1);
  }
  return diagnostics;
}

function countCheck(seed: SeedDocument, items: Coded[], noun: Noun, expected: Expected, hint: string): Diagnostic[] {
  const codes = [...new Set(items.map((i) => i.code))];
  if (codes.length === expected.count) return [];
  const found = codes.length === 0 ? 'none' : `${codes.length} (${codes.join(', ')})`;
  const last = items[items.length - 1]?.line;
  return [structure(seed, last, `expected ${expected.count} ${noun.many} (${expected.span}), found ${found}`, hint)];
}

/** Keep the first of duplicated codes so ids stay unique; the duplicate is already a diagnostic. */
function firstOfEach<T extends { code: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((i) => !seen.has(i.code) && seen.add(i.code));
}

// ─── Goals (White House fact sheet) ───────────────────────────────────────────────────────────

const GOAL_HEADING = /^#*\s*GOAL\s+(\d+|[IVX]+)\s*:\s*(.+?)(?:\s+[–—-]\s*(.*))?$/i;
const BULLET = /^\s*[-•*]\s+/;

interface GoalSection {
  number: number;
  title: string;
  /** Text after the heading's dash, on the heading line itself (White House goals 2 and 3). */
  rest: string;
  heading: Line;
  body: Line[];
}

function romanOrArabic(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  const values: Record<string, number> = { I: 1, V: 5, X: 10 };
  const digits = [...text.toUpperCase()].map((c) => values[c]);
  return digits.reduce((sum, v, i) => sum + (v < (digits[i + 1] ?? 0) ? -v : v), 0);
}

/** Split a document into goal sections; `isEnd` marks where the goals stop (e.g. the `###` trailer). */
function goalSections(lines: Line[], isEnd: (line: Line) => boolean): GoalSection[] {
  const sections: GoalSection[] = [];
  let current: GoalSection | undefined;
  for (const line of lines) {
    const m = GOAL_HEADING.exec(cleanText(line.text));
    if (m) {
      current = {
        number: romanOrArabic(m[1]),
        title: sentenceCase(m[2].trim()),
        rest: m[3] ?? '',
        heading: line,
        body: [],
      };
      sections.push(current);
    } else if (isEnd(line)) {
      current = undefined;
    } else if (current) {
      current.body.push(line);
    }
  }
  return sections;
}

/** The description is the text after the heading's dash plus its wrapped lines, or else the next paragraph. */
function goalDescription(section: GoalSection): { text: string; lines: Line[]; after: Line[] } {
  const stop = section.body.findIndex((l) => isBlank(l) || BULLET.test(l.text));
  const wrapped = section.body.slice(0, stop < 0 ? section.body.length : stop);
  const inline = cleanText([section.rest, ...wrapped.map((l) => l.text)].join(' '));
  if (inline) return { text: inline, lines: [section.heading, ...wrapped], after: section.body.slice(wrapped.length) };
  const { paragraph, next } = takeParagraph(section.body, 0);
  if (paragraph.length === 0 || BULLET.test(paragraph[0].text))
    return { text: '', lines: [section.heading], after: section.body };
  return { text: joinText(paragraph), lines: paragraph, after: section.body.slice(next) };
}

function parseGoals(seed: SeedDocument): Parsed<Goal[]> {
  const trailer = (line: Line) => /^#+$/.test(cleanText(line.text));
  const sections = goalSections(toLines(seed.text), trailer);
  const diagnostics: Diagnostic[] = [];
  const goals = firstOfEach(sections.map((s) => ({ ...s, code: String(s.number) }))).map((section) => {
    const parsed = parseGoal(seed, section);
    diagnostics.push(...parsed.diagnostics);
    return parsed.value;
  });
  const hint = `the fact sheet should have headings "GOAL 1: …" to "GOAL 3: …", each followed by its description and bulleted sub-areas; ${RESTORE}`;
  const coded = sections.map((s) => ({ code: String(s.number), line: s.heading.n }));
  diagnostics.unshift(...checkNumbering(seed, coded, { one: 'goal', many: 'goals' }, EXPECTED.goals, hint));
  return { value: goals, diagnostics };
}

function parseGoal(seed: SeedDocument, section: GoalSection): Parsed<Goal> {
  const diagnostics: Diagnostic[] = [];
  const description = goalDescription(section);
  if (!description.text) {
    diagnostics.push(
      structure(
        seed,
        section.heading.n,
        `expected a description after goal ${section.number}'s heading, found none`,
        `write the goal's description after "GOAL ${section.number}: …"; ${RESTORE}`,
      ),
    );
  }
  const subareas: SubArea[] = [];
  for (const item of bulletItems(description.after)) {
    const parsed = parseSubArea(seed, item);
    if ('title' in parsed) subareas.push(parsed);
    else diagnostics.push(parsed);
  }
  if (subareas.length === 0) {
    diagnostics.push(
      structure(
        seed,
        section.heading.n,
        `expected bulleted sub-areas under goal ${section.number}, found none`,
        `list them as "- **Title –** description"; ${RESTORE}`,
      ),
    );
  }
  const lastLine = [section.heading, ...section.body].filter((l) => !isBlank(l)).pop() ?? section.heading;
  const goal: Goal = {
    id: `goal-${section.number}`,
    number: section.number,
    title: section.title,
    description: description.text,
    subareas,
    citation: { file: seed.file, lines: [section.heading.n, lastLine.n] },
  };
  return { value: goal, diagnostics };
}

/** Bullets run until a blank line (or an `<!-- -->` separator, which cleans to blank); wrapped lines continue them. */
function bulletItems(lines: Line[]): Line[][] {
  const items: Line[][] = [];
  let current: Line[] | undefined;
  for (const line of lines) {
    if (BULLET.test(line.text)) items.push((current = [line]));
    else if (isBlank(line)) current = undefined;
    else current?.push(line);
  }
  return items;
}

/** "- **Title –** description", "**Title** – description" or "**Title–** description", possibly wrapped. */
function parseSubArea(seed: SeedDocument, item: Line[]): SubArea | Diagnostic {
  const raw = item
    .map((l) => l.text)
    .join(' ')
    .replace(BULLET, '');
  const bold = /^\s*\*\*(.+?)\*\*(.*)$/s.exec(raw);
  const parts = bold ? [bold[1], bold[2]] : (/^(.+?)\s*[–—:]\s+(.*)$/s.exec(raw)?.slice(1) ?? ['', raw]);
  const title = trimTitle(cleanText(parts[0]));
  const description = cleanText(parts[1]).replace(/^[–—:-]\s*/u, '');
  if (!title || !description) {
    return structure(
      seed,
      item[0].n,
      `expected a sub-area as "**Title –** description", found "${cleanText(raw).slice(0, 60)}"`,
      `put the sub-area's title in bold before a dash; ${RESTORE}`,
    );
  }
  return { title, description, citation: cite(seed, item) };
}

// ─── Mexico's wording of the goals, and the commitments (Mexico fact sheet) ───────────────────

function addMexicoWording(seed: SeedDocument, goals: Goal[]): Parsed<Goal[]> {
  const lines = toLines(seed.text);
  const end = (line: Line) => /^#+\s/.test(line.text) || /commitments\s*:\s*$/i.test(cleanText(line.text));
  const sections = goalSections(lines, end);
  const diagnostics: Diagnostic[] = [];
  const hint = `Mexico's fact sheet should have "## Goal I: …" to "## Goal III: …", each with a description; ${RESTORE}`;
  for (const goal of goals) {
    if (!sections.some((s) => s.number === goal.number)) {
      diagnostics.push(
        structure(
          seed,
          undefined,
          `expected Mexico's wording of goal ${goal.number} ("${goal.title}"), found no "Goal ${goal.number}" heading`,
          hint,
          'warning',
        ),
      );
    }
  }
  const value = goals.map((goal) => {
    const section = sections.find((s) => s.number === goal.number);
    if (!section) return goal;
    diagnostics.push(...compareMexicoGoal(seed, section, goal));
    const description = goalDescription(section);
    if (!description.text) return goal;
    return { ...goal, mexicoDescription: description.text, mexicoCitation: cite(seed, description.lines) };
  });
  return { value, diagnostics };
}

/** Both fact sheets describe the same goals and sub-areas; a disagreement means one of them was mangled. */
function compareMexicoGoal(seed: SeedDocument, section: GoalSection, goal: Goal): Diagnostic[] {
  const hint = `compare with the White House fact sheet; ${RESTORE}`;
  const diagnostics: Diagnostic[] = [];
  if (section.title.toLowerCase() !== goal.title.toLowerCase()) {
    diagnostics.push(
      structure(
        seed,
        section.heading.n,
        `expected goal ${goal.number} to be "${goal.title}", found "${section.title}"`,
        hint,
        'warning',
      ),
    );
  }
  const titles = mexicoSubAreaTitles(goalDescription(section).after);
  const expected = goal.subareas.map((s) => s.title.toLowerCase());
  const found = titles.map((t) => t.toLowerCase());
  if (expected.join('|') !== found.join('|')) {
    diagnostics.push(
      structure(
        seed,
        section.heading.n,
        `expected goal ${goal.number}'s sub-areas ${JSON.stringify(goal.subareas.map((s) => s.title))}, found ${JSON.stringify(titles)}`,
        hint,
        'warning',
      ),
    );
  }
  return diagnostics;
}

/**
 * Mexico's bullets are unreliable (`•`, a lone `•`, one bullet lost, one item split by a blank line), so an
 * item is recognised by its "Title: description" shape rather than by its marker.
 */
function mexicoSubAreaTitles(lines: Line[]): string[] {
  const titles: string[] = [];
  for (const line of lines) {
    const text = cleanText(line.text.replace(/^\s*(?:[-•*]\s*)+/u, ''));
    const m = /^([A-Z][^:]{2,160}):\s+\S/.exec(text);
    if (m) titles.push(trimTitle(m[1]));
  }
  return titles;
}

const NUMBERED = /^\s*(?:[-•*]\s*)?(\d+)[.)]\s+(.*)$/u;

interface ListItem {
  number: number;
  text: string;
  lines: Line[];
}

/**
 * A numbered list starting at `from`: blank lines may separate items (the 2022 statement has one mid-list);
 * an unnumbered line directly under an item continues it; anything else ends the list.
 */
function numberedList(lines: Line[], from: number): ListItem[] {
  const items: ListItem[] = [];
  let previousBlank = false;
  for (const line of lines.slice(from)) {
    if (isBlank(line)) {
      previousBlank = true;
      continue;
    }
    const m = NUMBERED.exec(line.text);
    const current = items[items.length - 1];
    if (m) items.push({ number: Number(m[1]), text: m[2], lines: [line] });
    else if (current && !previousBlank && !/^\s*#/.test(line.text)) {
      current.text += ` ${line.text}`;
      current.lines.push(line);
    } else break;
    previousBlank = false;
  }
  return items.map((item) => ({ ...item, text: cleanText(item.text) }));
}

/** Find the line that introduces a list, then read the list after it. */
function listAfter(seed: SeedDocument, anchor: RegExp): { items: ListItem[]; anchorLine?: number } {
  const lines = toLines(seed.text);
  const at = lines.findIndex((l) => anchor.test(cleanText(l.text)));
  if (at < 0) return { items: [] };
  return { items: numberedList(lines, at + 1), anchorLine: lines[at].n };
}

function parseCommitments(seed: SeedDocument): Parsed<Commitment[]> {
  const { items, anchorLine } = listAfter(seed, /commitments\s*:\s*$/i);
  const hint = `Mexico's fact sheet should list them as "- 1. …" to "- 3. …" after "…guided across all areas by three commitments:"; ${RESTORE}`;
  const diagnostics = checkListFound(
    seed,
    anchorLine,
    'the line introducing the cross-cutting commitments ("… commitments:")',
    hint,
  );
  const coded = items.map((i) => ({ code: String(i.number), line: i.lines[0].n }));
  diagnostics.push(
    ...checkNumbering(seed, coded, { one: 'commitment', many: 'commitments' }, EXPECTED.commitments, hint),
  );
  const value = firstOfEach(items.map((i) => ({ ...i, code: String(i.number) }))).map((i): Commitment => ({
    id: `commitment-${i.number}`,
    number: i.number,
    title: trimTitle(i.text),
    citation: cite(seed, i.lines),
  }));
  return { value, diagnostics };
}

function checkListFound(seed: SeedDocument, anchorLine: number | undefined, what: string, hint: string): Diagnostic[] {
  return anchorLine === undefined ? [structure(seed, undefined, `expected ${what}, found none`, hint)] : [];
}

// ─── Actions and the benchmark decision (2022 joint statement) ────────────────────────────────

function parseActions(seed: SeedDocument): Parsed<Action[]> {
  const { items, anchorLine } = listAfter(seed, /following actions\s*:/i);
  const hint = `the 2022 joint statement should number the actions "1. …" to "13. …" after "…through the following actions:"; ${RESTORE}`;
  const diagnostics = checkListFound(
    seed,
    anchorLine,
    'the sentence introducing the actions ("… through the following actions:")',
    hint,
  );
  const coded = items.map((i) => ({ code: String(i.number), line: i.lines[0].n }));
  diagnostics.push(...checkNumbering(seed, coded, { one: 'action', many: 'actions' }, EXPECTED.actions, hint));
  const value = firstOfEach(items.map((i) => ({ ...i, code: String(i.number) }))).map((i): Action => ({
    id: `action-${i.number}`,
    number: i.number,
    text: i.text,
    citation: cite(seed, i.lines),
  }));
  return { value, diagnostics };
}

/** Sentence ends: ".", "!" or "?" before a capital, but not the dots inside "U.S." (a capital right before). */
const SENTENCE_END = /(?<!(?:^|[^A-Za-z])[A-Z])[.!?](?=\s+["“A-Z]|\s*$)/g;

function parseBenchmarkDecision(seed: SeedDocument): Parsed<{ text: string; citation: Citation } | undefined> {
  const keyword = /establish\s+benchmarks/i;
  const paragraph = paragraphs(toLines(seed.text)).find((p) => keyword.test(p.map((l) => l.text).join('\n')));
  if (!paragraph) {
    const message =
      'expected the sentence "During the 2022 High-Level Security Dialogue, both governments decided to establish benchmarks …", found none';
    return { value: undefined, diagnostics: [structure(seed, undefined, message, RESTORE)] };
  }
  const raw = paragraph.map((l) => l.text).join('\n');
  const hit = raw.search(keyword);
  const ends = [...raw.matchAll(SENTENCE_END)].map((m) => m.index + 1);
  const start = Math.max(0, ...ends.filter((e) => e <= hit));
  const end = Math.min(raw.length, ...ends.filter((e) => e > hit));
  const lineOf = (offset: number) => paragraph[raw.slice(0, offset).split('\n').length - 1];
  const leading = raw.slice(start).length - raw.slice(start).trimStart().length;
  const citation: Citation = { file: seed.file, lines: [lineOf(start + leading).n, lineOf(end - 1).n] };
  return { value: { text: cleanText(raw.slice(start, end)), citation }, diagnostics: [] };
}

function paragraphs(lines: Line[]): Line[][] {
  const result: Line[][] = [];
  for (let i = 0; i < lines.length;) {
    const { paragraph, next } = takeParagraph(lines, i);
    if (paragraph.length > 0) result.push(paragraph);
    i = next;
  }
  return result;
}

// ─── Cooperation areas and joint objectives (action plan summary) ─────────────────────────────

const AREA = /^\s*Cooperation\s+Area\s+(\d+)\.(\d+)\s*:\s*(.*)$/i;
const OBJECTIVE = /^\s*Joint\s+objective\s+(\d+)\.(\d+)\.(\d+)\s*:\s*(.*)$/i;

interface PlanEntry {
  kind: 'area' | 'objective';
  parts: number[];
  code: string;
  text: string;
  lines: Line[];
  /** For objectives: the area heading it was listed under. */
  under?: string;
}

/** Headings and objectives are one line each in the summary, but wrapped continuation lines are accepted. */
function planEntries(lines: Line[]): PlanEntry[] {
  const entries: PlanEntry[] = [];
  let current: PlanEntry | undefined;
  let area: string | undefined;
  for (const line of lines) {
    const a = AREA.exec(line.text);
    const o = a ? null : OBJECTIVE.exec(line.text);
    if (a || o) {
      const m = (a ?? o) as RegExpExecArray;
      const parts = m.slice(1, a ? 3 : 4).map(Number);
      current = {
        kind: a ? 'area' : 'objective',
        parts,
        code: parts.join('.'),
        text: m[a ? 3 : 4],
        lines: [line],
        under: a ? undefined : area,
      };
      if (a) area = current.code;
      entries.push(current);
    } else if (isBlank(line)) current = undefined;
    else if (current) {
      current.text += ` ${line.text}`;
      current.lines.push(line);
    }
  }
  return entries;
}

function parseActionPlan(
  seed: SeedDocument,
  goalNumbers: number[] | undefined,
): Parsed<{ areas: CooperationArea[]; objectives: JointObjective[] }> {
  const entries = planEntries(toLines(seed.text));
  const areaEntries = entries.filter((e) => e.kind === 'area');
  const objectiveEntries = entries.filter((e) => e.kind === 'objective');
  const hint = `the action plan summary should have "Cooperation Area X.Y: …" headings each followed by "Joint objective X.Y.Z: …" lines; ${RESTORE}`;
  const coded = (list: PlanEntry[]) => list.map((e) => ({ code: e.code, line: e.lines[0].n }));
  const diagnostics = [
    ...checkNumbering(
      seed,
      coded(areaEntries),
      { one: 'cooperation area', many: 'cooperation areas' },
      EXPECTED.areas,
      hint,
    ),
    ...checkNumbering(
      seed,
      coded(objectiveEntries),
      { one: 'joint objective', many: 'joint objectives' },
      EXPECTED.objectives,
      hint,
    ),
    ...checkPlanTree(seed, areaEntries, objectiveEntries, goalNumbers, hint),
  ];
  const areas = firstOfEach(areaEntries).map(toArea(seed));
  const objectives = firstOfEach(objectiveEntries).map(toObjective(seed));
  return { value: { areas, objectives }, diagnostics };
}

const toArea =
  (seed: SeedDocument) =>
  (e: PlanEntry): CooperationArea => ({
    id: `area-${e.parts[0]}-${e.parts[1]}`,
    code: e.code,
    goal: e.parts[0],
    title: trimTitle(cleanText(e.text)),
    citation: cite(seed, e.lines),
  });

const toObjective =
  (seed: SeedDocument) =>
  (e: PlanEntry): JointObjective => ({
    id: `objective-${e.parts[0]}-${e.parts[1]}-${e.parts[2]}`,
    code: e.code,
    area: `${e.parts[0]}.${e.parts[1]}`,
    goal: e.parts[0],
    text: cleanText(e.text),
    citation: cite(seed, e.lines),
  });

/** The goal headings were lost in extraction, so the tree is inferred from the codes and checked here. */
function checkPlanTree(
  seed: SeedDocument,
  areas: PlanEntry[],
  objectives: PlanEntry[],
  goalNumbers: number[] | undefined,
  hint: string,
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const areaCodes = new Set(areas.map((a) => a.code));
  for (const o of objectives) {
    const parent = `${o.parts[0]}.${o.parts[1]}`;
    if (!areaCodes.has(parent))
      diagnostics.push(
        structure(
          seed,
          o.lines[0].n,
          `expected cooperation area ${parent} for joint objective ${o.code}, found no such area`,
          hint,
        ),
      );
    else if (o.under !== parent)
      diagnostics.push(
        structure(
          seed,
          o.lines[0].n,
          `expected joint objective ${o.code} under cooperation area ${parent}, found it under ${o.under ?? 'no area'}`,
          hint,
          'warning',
        ),
      );
  }
  for (const a of areas) {
    if (!objectives.some((o) => o.code.startsWith(`${a.code}.`)))
      diagnostics.push(
        structure(
          seed,
          a.lines[0].n,
          `expected at least one joint objective in cooperation area ${a.code}, found none`,
          hint,
        ),
      );
    if (goalNumbers && !goalNumbers.includes(a.parts[0]))
      diagnostics.push(
        structure(
          seed,
          a.lines[0].n,
          `expected cooperation area ${a.code} to belong to one of goals ${goalNumbers.join(', ')}, found goal ${a.parts[0]}`,
          hint,
        ),
      );
  }
  for (const goal of goalNumbers ?? []) {
    if (!areas.some((a) => a.parts[0] === goal))
      diagnostics.push(
        structure(
          seed,
          areas[areas.length - 1]?.lines[0].n,
          `expected cooperation areas ${goal}.1… for goal ${goal}, found none`,
          hint,
        ),
      );
  }
  return diagnostics;
}
