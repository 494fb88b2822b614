// Reads seeds/manifest.json and the seed texts it names, turning every user-fixable problem into a diagnostic.

import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { z } from 'zod';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { SeedDocument, SeedRole } from '../core/types.js';
import { firstInvalidUtf8 } from './utf8.js';

/** What each role must contain, so a missing file's diagnostic says what is lost. */
const ROLE_CONTENTS: Record<SeedRole, string> = {
  'whitehouse-fact-sheet-2021': 'the three goals with their sub-areas (White House fact sheet, 2021-10-08)',
  'joint-statement-2021': 'the 2021 joint statement launching the Bicentennial Framework (2021-10-08)',
  'joint-statement-2022': 'the 13 actions and the benchmark decision (2022 joint statement, 2022-10-14)',
  'mexico-fact-sheet-2021':
    "Mexico's wording of the goals and the three cross-cutting commitments (Mexico fact sheet, 2021)",
  'action-plan-2022': 'the 11 cooperation areas and 26 joint objectives (action plan summary, 2022-01-31)',
};

/** The largest seed read (the longest is about 20 KB); ingest/index.ts has the other inputs' limits. */
const SEED_LIMIT = 2 * 1024 * 1024;

const ROLES = Object.keys(ROLE_CONTENTS) as [SeedRole, ...SeedRole[]];

const ManifestSchema = z.object({
  description: z.string().optional(),
  seeds: z.array(
    z.object({
      role: z.enum(ROLES),
      file: z.string().regex(/^[^/\\]+$/, 'a file name inside seeds/, without folders'),
      original: z.string().optional(),
      title: z.string().min(1),
      publisher: z.string().min(1),
      date: z.string().regex(/^\d{4}(-\d{2}-\d{2})?$/, 'an ISO date (YYYY-MM-DD) or a year'),
      sha256: z
        .string()
        .regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the file as 64 lower-case hex digits (sha256sum seeds/<file>)'),
    }),
  ),
});

type ManifestEntry = z.infer<typeof ManifestSchema>['seeds'][number];

export interface SeedsResult {
  seeds: SeedDocument[];
  diagnostics: Diagnostic[];
}

/** Read the manifest and every seed it lists; seeds that cannot be read are left out and reported. */
export async function readSeeds(seedsDir: string, effects: Pick<Effects, 'readFile'>): Promise<SeedsResult> {
  const manifest = await readManifest(seedsDir, effects);
  if (!manifest.entries) return { seeds: [], diagnostics: manifest.diagnostics };
  const diagnostics = [...manifest.diagnostics];
  const seeds: SeedDocument[] = [];
  for (const entry of manifest.entries) {
    const read = await readSeed(seedsDir, entry, effects);
    if (read.seed) seeds.push(read.seed);
    if (read.diagnostic) diagnostics.push(read.diagnostic);
  }
  return { seeds, diagnostics };
}

async function readManifest(
  seedsDir: string,
  effects: Pick<Effects, 'readFile'>,
): Promise<{ entries?: ManifestEntry[]; diagnostics: Diagnostic[] }> {
  const file = join(seedsDir, 'manifest.json');
  const hint = 'seeds/manifest.json lists each seed as {role, file, title, publisher, date}; see seeds/README.md';
  let raw: string;
  try {
    raw = (await effects.readFile(file, SEED_LIMIT)).toString('utf8');
  } catch (e) {
    return { diagnostics: [error({ file }, 'seed/manifest', `cannot read the seed manifest (${errnoCode(e)})`, hint)] };
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    return {
      diagnostics: [
        error({ file }, 'seed/manifest', `the seed manifest is not valid JSON: ${(e as Error).message}`, hint),
      ],
    };
  }
  const parsed = ManifestSchema.safeParse(json);
  if (!parsed.success) {
    const diagnostics = parsed.error.issues.map((issue) =>
      error({ file }, 'seed/manifest', `${issue.path.join('.') || 'manifest'}: ${issue.message}`, hint),
    );
    return { diagnostics };
  }
  const diagnostics = checkRoles(file, parsed.data.seeds, hint);
  return { entries: parsed.data.seeds, diagnostics };
}

/** Each role must appear exactly once, or the parser cannot know which text to trust. */
function checkRoles(file: string, entries: ManifestEntry[], hint: string): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const role of ROLES) {
    const count = entries.filter((e) => e.role === role).length;
    if (count === 1) continue;
    const found = count === 0 ? 'none' : `${count} entries`;
    diagnostics.push(
      error(
        { file },
        'seed/manifest',
        `expected one seed with role "${role}" (${ROLE_CONTENTS[role]}), found ${found}`,
        hint,
      ),
    );
  }
  return diagnostics;
}

async function readSeed(
  seedsDir: string,
  entry: ManifestEntry,
  effects: Pick<Effects, 'readFile'>,
): Promise<{ seed?: SeedDocument; diagnostic?: Diagnostic }> {
  const file = join(seedsDir, entry.file);
  let bytes: Buffer;
  try {
    bytes = await effects.readFile(file, SEED_LIMIT);
  } catch (e) {
    return { diagnostic: readFailure(file, entry, e) };
  }
  const decoded = decodeUtf8(bytes);
  if (typeof decoded !== 'string') {
    return {
      diagnostic: error(
        { file, line: decoded.line, column: decoded.column },
        'seed/encoding',
        `"${entry.file}" is not valid UTF-8 (bad byte at offset ${decoded.offset})`,
        'seeds are kept byte-for-byte as received; restore the original copy from shared/seeds (see seeds/README.md)',
      ),
    };
  }
  const { role, title, publisher, date } = entry;
  const seed: SeedDocument = { role, file: entry.file, title, publisher, date, text: decoded };
  // Any edit counts, not only one in a sentence the data cites: the report prints the seeds' text.
  // The seed is still parsed, so what the edit breaks is reported too.
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== entry.sha256) {
    return {
      seed,
      diagnostic: error(
        { file },
        'seed/changed',
        `"${entry.file}" is not the text recorded in seeds/manifest.json (its SHA-256 is ${digest.slice(0, 12)}…, the manifest records ${entry.sha256.slice(0, 12)}…)`,
        `seeds are kept byte-for-byte as received: restore it (git checkout -- ${file}, or copy ${entry.original ?? 'the original'} from shared/seeds); if the new text is a deliberate replacement, write its sha256sum into seeds/manifest.json`,
      ),
    };
  }
  return { seed };
}

function readFailure(file: string, entry: ManifestEntry, e: unknown): Diagnostic {
  const code = errnoCode(e);
  const what = `"${entry.title}" (${entry.publisher}, ${entry.date}), which holds ${ROLE_CONTENTS[entry.role]}`;
  if (code === 'ENOENT') {
    return error(
      { file },
      'seed/missing',
      `seed file ${file} is missing; it should contain ${what}`,
      `copy ${entry.original ?? 'the original'} from shared/seeds to ${file} byte-for-byte, or fix "file" in seeds/manifest.json`,
    );
  }
  const why =
    code === 'ENOTREG' ? 'it is not a regular file' : code === 'EFBIG' ? 'it is over the 2 MiB limit for a seed' : code;
  return error(
    { file },
    'seed/unreadable',
    `cannot read seed file ${file} (${why}); it should contain ${what}`,
    'check that the path is a readable file',
  );
}

function errnoCode(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : String((e as Error | undefined)?.message ?? e);
}

/**
 * Decode strictly, keeping a BOM if present (the text must stay exactly as stored);
 * on failure return where the first bad byte is, so the diagnostic can point at it.
 */
function decodeUtf8(bytes: Buffer): string | { offset: number; line: number; column: number } {
  if (isUtf8(bytes)) return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  const offset = firstInvalidUtf8(bytes);
  const before = bytes.subarray(0, offset);
  const lastNewline = before.lastIndexOf(0x0a);
  const line = before.reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
  const column = new TextDecoder().decode(before.subarray(lastNewline + 1)).length + 1;
  return { offset, line, column };
}
