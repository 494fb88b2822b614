#!/usr/bin/env node
// `make release`: the year's release in one command (zx) — check, build, publish, packets, then
// sha256sum -c over every file of the published revision and of the packets. Stops at the first
// failure with the step's name and a non-zero exit. `--help` says what a second run does.

import { $, fs, minimist, path, which } from 'zx';
import { parse } from 'csv-parse/sync';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(ROOT, 'bin/hlsd-report.js');
const SUMS = 'SHA256SUMS';
const DISTRIBUTION = 'distribution.csv';

const HELP = `Usage: node scripts/release.mjs [options]     (make release RELEASE_ARGS="…")

The year's release, step by step, stopping at the first failure (exit 1 for invalid input or a
failed verification, 2 for a usage error, 70 for an internal error of hlsd-report):

  1. check     hlsd-report check: seeds, data and catalogues are valid; the stakeholders file exists
  2. build     hlsd-report build: out/<year>/, both languages, PDF and HTML
  3. publish   hlsd-report publish: published/<year>/r<N>/ with its SHA256SUMS (unsigned; for signed
               PDFs run "hlsd-report publish --sign" first, and this publishes nothing new)
  4. packets   hlsd-report packets: out/<year>/packets/ for every recipient of the stakeholders file
  5. verify    sha256sum -c: published/<year>/r<N>/SHA256SUMS as publish wrote it, and
               out/<year>/packets/SHA256SUMS, written from the sha256 column of distribution.csv;
               every file in either folder must be listed, and every packet must carry revision N

Running it again: publish adds a revision only when the data, seeds or catalogues differ from the
last published revision. With nothing changed it prints "nothing new", no r<N+1> is made, the
packets stay as they are, and the same revision is verified again. After a correction the next run
publishes r<N+1> and remakes the packets for it (send --corrections is not run). The revision date
is SOURCE_DATE_EPOCH's day when set, else today (UTC).

Options:
  --year Y             reporting year (default: the latest year in the data)
  --data DIR           data folder (default: data)
  --seeds DIR          seed texts folder (default: seeds)
  --templates DIR      templates folder (default: templates)
  --out DIR            output folder (default: out)
  --published DIR      where revisions are kept (default: published)
  --stakeholders FILE  the recipients (default: <data>/stakeholders.csv)
  --verify-only        run step 5 only, on the latest revision of the year (default year: the
                       latest under --published) and on the packets in --out
  -h, --help           show this help
`;

const STRINGS = ['year', 'data', 'seeds', 'templates', 'out', 'published', 'stakeholders'];
const BOOLEANS = ['verify-only', 'help'];

class Stop extends Error {
  constructor(message, code = 1) {
    super(message);
    this.code = code;
  }
}

const say = (line) => process.stdout.write(`${line}\n`);

async function main(argv) {
  const unknown = [];
  const args = minimist(argv, {
    string: STRINGS,
    boolean: BOOLEANS,
    alias: { h: 'help' },
    unknown: (a) => (a.startsWith('-') ? (unknown.push(a), false) : true),
  });
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (unknown.length > 0) throw new Stop(`unknown option ${unknown[0]} (see --help)`, 2);
  if (args._.length > 0) throw new Stop(`unexpected argument "${args._[0]}" (see --help)`, 2);
  for (const name of STRINGS) {
    if (Array.isArray(args[name])) throw new Stop(`--${name} given more than once`, 2);
    if (args[name] === '') throw new Stop(`--${name} needs a value`, 2);
  }
  if (args.year !== undefined && !/^\d{4}$/.test(args.year)) throw new Stop(`--year "${args.year}" is not a year`, 2);

  const opt = (name) => (args[name] === undefined ? [] : [`--${name}`, args[name]]);
  const data = args.data ?? 'data';
  const out = args.out ?? 'out';
  const published = args.published ?? 'published';

  if (args['verify-only']) {
    const year = args.year ?? latestYear(published);
    const revDir = latestRevision(path.join(published, year));
    return verify({ revDir, packetsDir: path.join(out, year, 'packets'), step: '[1/1]' });
  }

  const stakeholders = args.stakeholders ?? path.join(data, 'stakeholders.csv');
  const common = [...opt('year'), ...opt('data'), ...opt('seeds'), ...opt('templates')];
  const writing = [...common, ...opt('out'), ...opt('published')];

  await cli('[1/5] check', ['check', ...common]);
  // packets needs the recipients: better to say so before anything is built or published.
  if (!isFile(stakeholders)) {
    throw new Stop(
      `${stakeholders} does not exist: the packets (step 4) are made for the recipients it lists (columns in data/README.md); write it, or name another list with --stakeholders FILE. Nothing was built or published.`,
    );
  }
  await cli('[2/5] build', ['build', ...writing]);
  const publishRun = await cli('[3/5] publish', ['publish', ...writing]);
  const revDir = publishedDir(publishRun.stderr);
  const packetsRun = await cli('[4/5] packets', ['packets', ...writing, '--stakeholders', stakeholders]);
  const packetsDir = packetsLine(packetsRun.stderr);
  return verify({ revDir, packetsDir, step: '[5/5]' });
}

/** Runs one hlsd-report command; its own messages (stderr) show as they come. */
async function cli(step, argv) {
  say(`release  ${step} hlsd-report ${argv.join(' ')}`);
  const run = await $({ nothrow: true })`${process.execPath} ${CLI} ${argv}`;
  if (run.stdout) process.stdout.write(run.stdout);
  if (run.exitCode !== 0) {
    const code = run.exitCode ?? 1;
    throw new Stop(
      `stopped at ${step}: hlsd-report ${argv[0]} exited with ${run.exitCode ?? `signal ${run.signal}`} (messages above); the later steps did not run`,
      code === 0 ? 1 : code,
    );
  }
  return run;
}

/** The revision folder publish made, or the one already holding this data ("nothing new"). */
function publishedDir(stderr) {
  const same = /^publish +nothing new: revision \d+ of \S+ already holds this data \((.+)\)$/m.exec(stderr);
  const made = /^publish +(.+?) +revision \d+ of \S+, \d+ files/m.exec(stderr);
  const dir = same?.[1] ?? made?.[1];
  if (dir === undefined)
    throw new Stop('publish succeeded but did not say which revision folder it wrote; cannot verify', 70);
  return dir;
}

function packetsLine(stderr) {
  const m = /^packets +(.+?) +\d+ recipient\(s\)/m.exec(stderr);
  if (!m) throw new Stop('packets succeeded but did not say where it wrote them; cannot verify', 70);
  return m[1];
}

/** Step 5: sha256sum -c in the revision folder and in the packets folder. */
async function verify({ revDir, packetsDir, step }) {
  const revision = /^r(\d+)$/.exec(path.basename(revDir))?.[1];
  const year = path.basename(path.dirname(revDir));
  if (revision === undefined) throw new Stop(`${revDir} is not a revision folder (r<N>)`);
  say(`release  ${step} verify ${revDir} and ${packetsDir} with sha256sum -c`);
  if (!(await which('sha256sum', { nothrow: true })))
    throw new Stop('sha256sum (GNU coreutils) is not installed; nothing was verified');

  // The revision: its own SHA256SUMS, which must list every file in the folder.
  const revSums = readSums(revDir);
  const unlisted = listFiles(revDir).filter((f) => f !== SUMS && !revSums.has(f));
  if (unlisted.length > 0) throw new Stop(`${revDir} holds files its ${SUMS} does not list: ${unlisted.join(', ')}`);
  const manifest = JSON.parse(fs.readFileSync(path.join(revDir, 'manifest.json'), 'utf8'));
  for (const entry of manifest.files ?? []) {
    if (revSums.get(entry.path) !== entry.sha256)
      throw new Stop(`${revDir}: manifest.json and ${SUMS} disagree about ${entry.path}`);
  }

  // The packets: SHA256SUMS written from distribution.csv (the checksums packets recorded).
  const distribution = path.join(packetsDir, DISTRIBUTION);
  if (!isFile(distribution))
    throw new Stop(`${distribution} is missing: run "hlsd-report packets" (or make release without --verify-only)`);
  const rows = parse(fs.readFileSync(distribution), { columns: true, skip_empty_lines: true });
  const packetSums = new Map();
  for (const row of rows) {
    const { file, sha256 } = row;
    if (!file || /[\\/\n\r]/.test(file) || !/^[0-9a-f]{64}$/.test(sha256 ?? ''))
      throw new Stop(`${distribution}: a row has no plain file name or SHA-256 (${JSON.stringify(file)})`);
    if (row.revision !== revision)
      throw new Stop(
        `${distribution}: ${file} carries revision ${row.revision}, but the published revision is r${revision}; run "hlsd-report packets" again`,
      );
    if (packetSums.has(file) && packetSums.get(file) !== sha256)
      throw new Stop(`${distribution} lists ${file} twice with different checksums`);
    packetSums.set(file, sha256);
  }
  const stray = listFiles(packetsDir).filter((f) => f !== DISTRIBUTION && f !== SUMS && !packetSums.has(f));
  if (stray.length > 0) throw new Stop(`${packetsDir} holds files ${DISTRIBUTION} does not list: ${stray.join(', ')}`);
  const lines = [...packetSums]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([file, sha]) => `${sha}  ${file}\n`);
  fs.writeFileSync(path.join(packetsDir, SUMS), lines.join(''));

  let total = 0;
  for (const [dir, expected] of [
    [revDir, revSums.size],
    [packetsDir, packetSums.size],
  ]) {
    const run = await $({ nothrow: true, quiet: true, cwd: dir })`sha256sum --check --strict ${SUMS}`;
    const results = run.stdout.split('\n').filter(Boolean);
    const ok = results.filter((l) => l.endsWith(': OK'));
    if (run.exitCode !== 0 || ok.length !== expected) {
      for (const l of results.filter((r) => !r.endsWith(': OK'))) say(`  ${dir}/${l}`);
      for (const l of run.stderr.split('\n').filter(Boolean)) process.stderr.write(`  ${l}\n`);
      throw new Stop(
        `sha256sum -c failed in ${dir}: ${ok.length} of ${expected} files OK; ${dir === revDir ? 'the published revision was changed after publish (restore it from a copy)' : 'the packets do not match distribution.csv (run "hlsd-report packets" again)'}`,
      );
    }
    say(`sha256sum -c ${path.join(dir, SUMS)}: ${ok.length} OK`);
    total += ok.length;
  }
  say(`release ${year} r${revision}: ${total} files verified`);
  return 0;
}

/** "<hex>  <name>" lines (text mode, as publish writes them) → name → hex. */
function readSums(dir) {
  const file = path.join(dir, SUMS);
  if (!isFile(file)) throw new Stop(`${file} is missing; a published revision always has one`);
  const sums = new Map();
  for (const line of fs.readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) throw new Stop(`${file}: "${line}" is not a sha256sum line`);
    sums.set(m[2], m[1]);
  }
  return sums;
}

function listFiles(dir) {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() || e.isSymbolicLink())
    .map((e) =>
      path
        .relative(dir, path.join(e.parentPath ?? e.path, e.name))
        .split(path.sep)
        .join('/'),
    )
    .sort();
}

function isFile(p) {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function latestYear(published) {
  const years = readDirNames(published)
    .filter((n) => /^\d{4}$/.test(n))
    .sort();
  if (years.length === 0)
    throw new Stop(`no published year under ${published}; give --year, or run make release first`);
  return years.at(-1);
}

function latestRevision(yearDir) {
  const revs = readDirNames(yearDir)
    .map((n) => /^r(\d+)$/.exec(n)?.[1])
    .filter(Boolean)
    .map(Number)
    .sort((a, b) => a - b);
  if (revs.length === 0) throw new Stop(`no revision under ${yearDir}`);
  return path.join(yearDir, `r${revs.at(-1)}`);
}

function readDirNames(dir) {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (!(e instanceof Stop)) throw e;
  process.stderr.write(`release: ${e.message}\n`);
  process.exitCode = e.code;
}
