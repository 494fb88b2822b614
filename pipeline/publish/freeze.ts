// Freezing a build as revision N: copy out/<year>/ (as its manifest lists it), the data it was
// built from, revision.json and SHA256SUMS into published/<year>/r<N>/, all or nothing.

import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { RuleId } from '../diagnostics/rules.js';
import type { Effects } from '../effects.js';
import { DATA_FILES, OPTIONAL_DATA_FILES } from '../ingest/index.js';
import type { BuildOptions } from '../options.js';
import { sha256 } from '../core/hash.js';
import { MANIFEST, type Manifest } from '../core/outputs.js';
import { RELEASE_DATA_DIR, RELEASE_INFO, releaseYearDir, type ReleaseInfo } from '../revisions/releases.js';
import type { BuildStamp } from '../revisions/stamp.js';

export const CHECKSUMS = 'SHA256SUMS';

export interface FreezeInput {
  year: number;
  revision: number;
  date: string;
  outDir: string;
  manifest: Manifest;
  stamp: BuildStamp;
  options: BuildOptions;
  /**
   * `publish --sign`: returns the signed bytes of each PDF. The revision then holds the signed files,
   * and its manifest.json and SHA256SUMS list them (the build's own manifest in out/ is unchanged).
   */
  sign?: (path: string, bytes: Buffer) => Promise<Buffer>;
}

export type FreezeResult =
  | {
      ok: true;
      dir: string;
      files: string[];
      /** Staging folders of interrupted publishes, removed. */ cleaned: string[];
    }
  | { ok: false; diagnostics: Diagnostic[] };

/**
 * Writes into a hidden folder next to the target and renames it into place, so r<N> either does
 * not exist or is complete; an existing r<N> is never touched.
 */
export async function freezeRevision(input: FreezeInput, effects: Effects): Promise<FreezeResult> {
  const yearDir = releaseYearDir(input.options, input.year);
  const target = join(yearDir, `r${input.revision}`);
  if (
    (await effects.exists(target)) ||
    (await effects.listDir(target).then(
      () => true,
      () => false,
    ))
  ) {
    return fail(
      target,
      'publish/revision-exists',
      `${target} already exists`,
      'another publish ran at the same time, or the folder was restored by hand; run publish again to see which revision is current',
    );
  }
  const files = new Map<string, Buffer>();
  for (const entry of input.manifest.files) {
    const bytes = await effects.readFile(join(input.outDir, entry.path));
    if (sha256(bytes) !== entry.sha256) {
      return fail(
        join(input.outDir, entry.path),
        'publish/output-changed',
        'the file changed after the build wrote it',
        'run publish again; do not edit out/ while publishing',
      );
    }
    files.set(entry.path, bytes);
  }
  let manifest = input.manifest;
  if (input.sign) {
    const entries = [];
    for (const entry of manifest.files) {
      if (entry.format !== 'pdf') {
        entries.push(entry);
        continue;
      }
      const signed = await input.sign(entry.path, files.get(entry.path)!);
      files.set(entry.path, signed);
      entries.push({ ...entry, bytes: signed.length, sha256: sha256(signed) });
    }
    manifest = { ...manifest, files: entries };
  }
  files.set(MANIFEST, Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
  for (const name of [...DATA_FILES, ...OPTIONAL_DATA_FILES]) {
    const file = join(input.options.paths.data, `${name}.csv`);
    if (!(DATA_FILES as readonly string[]).includes(name) && input.stamp.files[`data/${name}.csv`] === undefined)
      continue;
    const bytes = await effects.readFile(file);
    // The copy must be the data the outputs were built from, not an edit saved since.
    if (sha256(bytes) !== input.stamp.files[`data/${name}.csv`]) {
      return fail(
        file,
        'publish/data-changed',
        'the file changed while the report was being published',
        'run publish again once the data is saved',
      );
    }
    files.set(`${RELEASE_DATA_DIR}/${name}.csv`, bytes);
  }
  const info: ReleaseInfo = {
    generator: 'hlsd-report',
    year: input.year,
    revision: input.revision,
    date: input.date,
    contentHash: input.stamp.contentHash,
    inputHash: input.stamp.inputHash,
  };
  files.set(RELEASE_INFO, Buffer.from(`${JSON.stringify(info, null, 2)}\n`, 'utf8'));
  files.set(CHECKSUMS, Buffer.from(sha256sums(files), 'utf8'));

  let cleaned: string[];
  try {
    ({ cleaned } = await effects.writeFolderAtomic(target, files));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException | undefined)?.code;
    if (typeof code !== 'string') throw e;
    return fail(
      yearDir,
      'output/unwritable',
      `the revision cannot be written (${code}: ${(e as Error).message.replace(/^[A-Z]+: /, '')})`,
      'free some space or fix the permissions, or choose another folder for the revisions with --published DIR; no revision was added',
    );
  }
  return {
    ok: true,
    dir: target,
    files: [...files.keys()].sort(),
    cleaned: cleaned.map((name) => join(yearDir, name)),
  };
}

/** `sha256sum -c` format: "<hex>  <path>" per line, paths relative to the folder, sorted. */
export function sha256sums(files: ReadonlyMap<string, Buffer>): string {
  return [...files.keys()]
    .filter((name) => name !== CHECKSUMS)
    .sort()
    .map((name) => `${sha256(files.get(name)!)}  ${name}\n`)
    .join('');
}

/** The most SHA256SUMS may weigh: one line per file of a revision, a few dozen lines. */
export const MAX_CHECKSUMS_BYTES = 1024 * 1024;

/**
 * A revision's SHA256SUMS read back like data: each line `<64 hex>  <path>` with the path relative
 * and inside the folder (no `..`, no leading `/`, no backslash), every problem at its line and
 * column (send/checksums-line), the size limited.
 */
export async function readChecksums(
  dir: string,
  effects: Pick<Effects, 'readFile'>,
): Promise<{ sums: Map<string, string>; diagnostics: Diagnostic[] }> {
  const file = join(dir, CHECKSUMS);
  const sums = new Map<string, string>();
  const hint = `restore ${dir} from a copy; publish writes SHA256SUMS and it must not be edited`;
  let text: string;
  try {
    text = (await effects.readFile(file, MAX_CHECKSUMS_BYTES)).toString('utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return {
      sums,
      diagnostics: [
        error(
          { file },
          'send/revision-changed',
          `the revision's ${CHECKSUMS} ${code === 'ENOENT' ? 'is missing' : code === 'EFBIG' ? `is larger than ${MAX_CHECKSUMS_BYTES / 1024} KiB` : `cannot be read (${code ?? String(e)})`}`,
          hint,
        ),
      ],
    };
  }
  const diagnostics: Diagnostic[] = [];
  text.split('\n').forEach((line, i) => {
    if (line === '' && i === text.split('\n').length - 1) return;
    const m = /^([0-9a-f]{64})  (.+)$/.exec(line);
    const at = (column: number) => ({ file, line: i + 1, column });
    if (!m)
      diagnostics.push(
        error(
          at(1),
          'send/checksums-line',
          `${JSON.stringify(line.slice(0, 80))} is not "<64 hex digits>  <file>"`,
          hint,
        ),
      );
    else if (
      m[2]!.split('/').some((part) => part === '' || part === '.' || part === '..') ||
      m[2]!.includes('\\') ||
      /[\u0000-\u001f]/.test(m[2]!)
    )
      diagnostics.push(
        error(at(67), 'send/checksums-line', `${JSON.stringify(m[2])} is not a path inside the revision folder`, hint),
      );
    else if (sums.has(m[2]!)) diagnostics.push(error(at(67), 'send/checksums-line', `${m[2]} is listed twice`, hint));
    else sums.set(m[2]!, m[1]!);
  });
  return { sums, diagnostics };
}

function fail(file: string, rule: RuleId, message: string, hint: string): FreezeResult {
  return { ok: false, diagnostics: [error({ file }, rule, message, hint)] };
}
