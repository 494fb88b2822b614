// Packets: per recipient of data/stakeholders.csv, the full report in their language and format or
// an excerpt with only their goals and actions, under out/<year>/packets/, listed with checksums
// in distribution.csv.

import { join, resolve, sep } from 'node:path';
import type { ReportDocument } from '../compose/document.js';
import type { Composed } from '../compose/documents.js';
import type { PublishResult } from '../core/outputs.js';
import type { LoadedModel } from '../model/load.js';
import type { RevisionPlan } from '../revisions/plan.js';
import { excerptDocument } from '../compose/excerpt.js';
import { Translator } from '../compose/i18n.js';
import { error, warning, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { BuildOptions, Format } from '../options.js';
import { renderAll } from '../render/index.js';
import { toCsv } from '../publish/csv.js';
import { parseCsv } from '../ingest/csv.js';
import { sha256 } from '../core/hash.js';
import { excerptPacketName, fullPacketName, reportFileName, uniqueSlugs } from '../core/names.js';
import type { Stakeholder } from './stakeholders.js';

export const PACKETS_DIR = 'packets';
export const DISTRIBUTION = 'distribution.csv';
export const DISTRIBUTION_COLUMNS = [
  'recipient',
  'organisation',
  'email',
  'language',
  'format',
  'scope',
  'goals',
  'actions',
  'file',
  'sha256',
  'revision',
] as const;

export interface PacketRow {
  stakeholder: Stakeholder;
  /** File name inside the packets folder. */
  file: string;
  sha256: string;
}

export interface PacketsResult {
  ok: boolean;
  diagnostics: Diagnostic[];
  dir?: string;
  revision?: number;
  rows: PacketRow[];
  written: string[];
  unchanged: string[];
  /** Packet files in the folder from an earlier run that this run did not produce. */
  stale: string[];
}

/** What packets are made from: the build just made (its documents, revision and outputs). */
export interface PacketsInput {
  loaded: LoadedModel;
  composed: Composed;
  plan: RevisionPlan;
  published: PublishResult;
  stakeholders: Stakeholder[];
  stakeholdersFile: string;
  diagnostics: Diagnostic[];
}

/**
 * One file per recipient under out/<year>/packets/: a copy of the full report just built (checked
 * against its manifest) or an excerpt rendered from the build's own documents, and distribution.csv.
 */
export async function makePackets(
  input: PacketsInput,
  options: BuildOptions,
  effects: Effects,
): Promise<PacketsResult> {
  const failed = (diagnostics: Diagnostic[]): PacketsResult => ({
    ok: false,
    diagnostics,
    rows: [],
    written: [],
    unchanged: [],
    stale: [],
  });
  const { stakeholders } = input;
  const year = input.loaded.model.year;
  const revision = input.plan.revision.number;
  const { dir: outDir, manifest } = input.published; // the manifest the build just wrote (or found current)
  const dir = join(outDir, PACKETS_DIR);
  const slugs = uniqueSlugs(stakeholders.map((s) => s.recipient));

  const files = new Map<string, Buffer>();
  const names: string[] = [];
  const excerpts: { name: string; doc: ReportDocument; format: Format }[] = [];
  for (const [i, s] of stakeholders.entries()) {
    if (s.scope === 'full') {
      const name = fullPacketName(year, revision, s.language, s.format);
      names.push(name);
      if (files.has(name)) continue;
      const source = reportFileName(year, s.language, s.format);
      const bytes = await effects.readFile(join(outDir, source));
      // The copy must be the build just made, not a file edited since.
      if (manifest.files.find((f) => f.path === source)?.sha256 !== sha256(bytes)) {
        return failed([
          error(
            { file: join(outDir, source) },
            'packets/output-changed',
            'the report file does not match manifest.json',
            'run the command again; do not edit out/ while packets are made',
          ),
        ]);
      }
      files.set(name, bytes);
    } else {
      const name = excerptPacketName(year, revision, s.language, s.format, slugs[i]!);
      names.push(name);
      const full = input.composed.documents.find((d) => d.meta.lang === s.language)!;
      excerpts.push({
        name,
        doc: excerptDocument(full, s, new Translator(input.loaded.validated.catalogues[s.language])),
        format: s.format,
      });
    }
  }
  for (const format of ['pdf', 'html'] as const) {
    const batch = excerpts.filter((e) => e.format === format);
    if (batch.length === 0) continue;
    const rendered = await renderAll(
      batch.map((e) => e.doc),
      input.loaded.inputs.html,
      { ...options, formats: [format] },
      effects,
    );
    if (rendered.files.length !== batch.length)
      throw new Error(`packets: ${batch.length} excerpts but ${rendered.files.length} files rendered`);
    batch.forEach((e, k) => files.set(e.name, rendered.files[k]!.bytes));
  }

  const rows = stakeholders.map((stakeholder, i) => ({
    stakeholder,
    file: names[i]!,
    sha256: sha256(files.get(names[i]!)!),
  }));
  files.set(DISTRIBUTION, Buffer.from(distributionCsv(rows, revision), 'utf8'));
  const written: string[] = [];
  const unchanged: string[] = [];
  for (const [name, bytes] of files) {
    const target = insideFolder(dir, name);
    if ((await effects.exists(target)) && sha256(await effects.readFile(target)) === sha256(bytes)) {
      unchanged.push(target);
      continue;
    }
    await effects.writeFileAtomic(target, bytes);
    written.push(target);
  }
  // Packets of an earlier run that this list no longer produces: the caller removes them, so no
  // recipient is sent a file meant for someone else or an outdated revision.
  const stale = (await effects.listDir(dir).catch(() => [] as string[]))
    .filter((n) => PACKET_NAME.test(n) && !files.has(n))
    .map((n) => join(dir, n));
  const notFrozen = input.plan.revision.pending
    ? [
        warning(
          { file: input.stakeholdersFile },
          'packets/unpublished',
          `the packets carry revision ${revision}, which is not published yet`,
          'run "hlsd-report publish" first, so every packet matches a frozen revision under published/',
        ),
      ]
    : [];
  return {
    ok: true,
    diagnostics: [...input.diagnostics, ...notFrozen],
    dir,
    revision,
    rows,
    written,
    unchanged,
    stale,
  };
}

/** What fullPacketName and excerptPacketName produce. */
const PACKET_NAME = /^HLSD-\d{4}-(annual-report|excerpt)-r\d+-(EN|ES)[-.][a-z0-9.-]*$/;

/** distribution.csv through the formula-neutralising writer: names come from a hand-edited file. */
export function distributionCsv(rows: readonly PacketRow[], revision: number): string {
  return toCsv(
    DISTRIBUTION_COLUMNS,
    rows.map(({ stakeholder: s, file, sha256 }) => [
      s.recipient,
      s.organisation,
      s.email,
      s.language,
      s.format,
      s.scope,
      s.goals.join(';'),
      s.actions.join(';'),
      file,
      sha256,
      revision,
    ]),
  );
}

/** The most distribution.csv may weigh (one short line per recipient). */
export const MAX_DISTRIBUTION_BYTES = 32 * 1024 * 1024;

/**
 * distribution.csv read back like data (packets wrote it): file name → SHA-256 of the packets of
 * `revision`. A file name that is not a bare packet name, a digest that is not one, a packet listed
 * twice with two digests or a revision that is not a number: errors at their line and column.
 */
export async function readDistribution(
  dir: string,
  revision: number,
  effects: Pick<Effects, 'readFile'>,
): Promise<{ sums: Map<string, string>; diagnostics: Diagnostic[] }> {
  const file = join(dir, DISTRIBUTION);
  const sums = new Map<string, string>();
  const hint = 'run "hlsd-report packets" again; packets writes distribution.csv and it must not be edited';
  let bytes: Buffer;
  try {
    bytes = await effects.readFile(file, MAX_DISTRIBUTION_BYTES);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      sums,
      diagnostics: [
        error(
          { file },
          code === 'ENOENT' ? 'send/packet-missing' : 'send/distribution-row',
          `${DISTRIBUTION} ${code === 'ENOENT' ? 'does not exist' : code === 'EFBIG' ? 'is too large' : `cannot be read (${code ?? String(e)})`}`,
          'run "hlsd-report packets" after publish, so the packets carry the published revision',
        ),
      ],
    };
  }
  const parsed = parseCsv(file, bytes);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  const missing = DISTRIBUTION_COLUMNS.filter((c) => !parsed.header.some((h) => h.name === c));
  if (missing.length > 0)
    return {
      sums,
      diagnostics: [
        ...diagnostics,
        error(
          { file, line: 1, column: 1 },
          'send/distribution-row',
          `${DISTRIBUTION} lacks the column(s) ${missing.join(', ')}`,
          hint,
        ),
      ],
    };
  for (const row of parsed.rows) {
    const at = (c: string) => ({ file, line: row.line, column: row.columns[c] ?? 1 });
    const name = row.cells.file ?? '';
    const sum = row.cells.sha256 ?? '';
    const rev = Number(row.cells.revision);
    if (!PACKET_NAME.test(name) || name.includes('/') || name.includes('\\'))
      diagnostics.push(
        error(
          at('file'),
          'send/distribution-row',
          `file ${JSON.stringify(name)} is not a packet name inside the packets folder`,
          hint,
        ),
      );
    else if (!/^[0-9a-f]{64}$/.test(sum))
      diagnostics.push(
        error(at('sha256'), 'send/distribution-row', `sha256 ${JSON.stringify(sum)} is not 64 hex digits`, hint),
      );
    else if (!Number.isInteger(rev) || rev < 1)
      diagnostics.push(
        error(
          at('revision'),
          'send/distribution-row',
          `revision ${JSON.stringify(row.cells.revision ?? '')} is not a revision number`,
          hint,
        ),
      );
    else if (rev === revision) {
      if (sums.has(name) && sums.get(name) !== sum)
        diagnostics.push(
          error(at('sha256'), 'send/distribution-row', `${name} is listed with two different SHA-256`, hint),
        );
      sums.set(name, sum);
    }
  }
  return { sums, diagnostics };
}

/** The path of `name` in `dir`, refusing anything that would land elsewhere (defence in depth). */
export function insideFolder(dir: string, name: string): string {
  const root = resolve(dir);
  const target = resolve(root, name);
  if (name.includes('/') || name.includes('\\') || !target.startsWith(root + sep))
    throw new Error(`packets: refusing to write ${JSON.stringify(name)} outside ${dir}`);
  return join(dir, name);
}
