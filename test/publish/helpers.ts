// Shared by the publish tests: the real pipeline up to compose on a data folder (no rendering),
// and in-memory effects that can be told to fail.

import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assess } from '../../pipeline/assess/index.js';
import { composeDocuments } from '../../pipeline/compose/documents.js';
import type { Effects } from '../../pipeline/effects.js';
import { nodeEffects } from '../../pipeline/effects-node.js';
import { ingest } from '../../pipeline/ingest/index.js';
import { buildModel } from '../../pipeline/model/index.js';
import { DEFAULT_OPTIONS, type BuildOptions } from '../../pipeline/options.js';
import { validate } from '../../pipeline/validate/stage.js';
import { ROOT } from '../helpers/cli.js';

export function projectOptions(data = join(ROOT, 'data'), extra: Partial<BuildOptions['paths']> = {}): BuildOptions {
  return {
    ...DEFAULT_OPTIONS,
    paths: {
      data,
      seeds: join(ROOT, 'seeds'),
      templates: join(ROOT, 'templates'),
      out: join(tmpdir(), 'hlsd-unused-out'),
      published: join(tmpdir(), 'hlsd-unused-published'),
      ...extra,
    },
  };
}

/** Validated model and assessment of a data folder, through the real stages. */
export async function loadProject(data = join(ROOT, 'data')) {
  const options = projectOptions(data);
  const inputs = await ingest(options.paths, nodeEffects({ quiet: true }), false);
  const validated = validate(inputs);
  const { model } = buildModel(validated.framework, validated.dataset, undefined, data);
  if (!model) throw new Error(`no model for ${data}: ${JSON.stringify(validated.diagnostics.slice(0, 3))}`);
  const assessment = assess(model);
  return {
    options,
    validated,
    model,
    assessment,
    compose: () => composeDocuments({ model, assessment, validated, options }),
  };
}

/** A copy of a data folder with `edit` applied to one file's text. */
export function editedData(from: string, file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hlsd-data-'));
  cpSync(from, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), 'utf8')));
  return dir;
}

/** In-memory effects; `failWrite(path, n)` decides whether the n-th write (1-based) throws. */
export function memoryEffects(
  initial: Record<string, string | Buffer> = {},
  failWrite: (path: string, n: number) => boolean = () => false,
) {
  const files = new Map<string, Buffer>(Object.entries(initial).map(([k, v]) => [k, Buffer.from(v)]));
  let writes = 0;
  const effects: Effects = {
    readFile: async (path) => {
      const f = files.get(path);
      if (!f) throw Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' });
      return f;
    },
    listDir: async (path) =>
      [
        ...new Set(
          [...files.keys()].filter((k) => k.startsWith(`${path}/`)).map((k) => k.slice(path.length + 1).split('/')[0]!),
        ),
      ].sort(),
    writeFileAtomic: async (path, data) => {
      writes++;
      if (failWrite(path, writes))
        throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}'`), { code: 'ENOSPC', path });
      files.set(path, Buffer.from(data));
    },
    writeFolderAtomic: async (dir, tree) => {
      for (const [name, bytes] of tree) files.set(`${dir}/${name}`, bytes);
      return { cleaned: [] };
    },
    folderProblem: async () => undefined,
    remove: async (path) => {
      files.delete(path);
    },
    exists: async (path) => files.has(path),
    stdout: () => {},
    log: () => {},
    clock: () => new Date(0),
  };
  return { effects, files };
}
