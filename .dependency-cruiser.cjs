// The import rule of the pipeline, checked by `make test` (npx depcruise pipeline) and by
// test/architecture/imports.test.ts, which also shows that breaking it fails.
//
// Stages run in this order, and a module may import only from its own stage or an earlier one.
// The README's "How it works" table lists the same stages in the same order (a test compares them).
// The ground floor holds the contracts and helpers every stage shares.

/** [name, folder or file under pipeline/ (a regex), what it does] in stage order. */
const STAGES = [
  [
    'ground',
    '(core|diagnostics|patches)/|(effects|options|source)\\.ts$',
    'contracts and shared helpers: types, names, hashing, outputs, fonts, diagnostics, Effects, options, dependency patches',
  ],
  ['ingest', 'ingest/', 'read the seeds, CSV files, catalogues and templates; parse the seeds into the framework'],
  ['validate', 'validate/', 'check every row, catalogue message and template; positioned diagnostics'],
  ['model', 'model/', 'the report model of one year; loadModel (ingest → validate → model) for every command'],
  ['assess', 'assess/', 'progress of each metric, milestone roll-ups, status per action and goal'],
  ['revisions', 'revisions/', 'published revisions, build stamp, errata (data diff) and replay, before compose'],
  ['compose', 'compose/', 'one document tree per language, chart requests and every printed number'],
  ['render', 'render/', 'charts → SVG (vega), document → PDF (pdfmake, tagged) and HTML (handlebars)'],
  ['publish', 'publish/', 'atomic writes, manifest, data companion, revisions frozen, signing'],
  ['distribute', 'distribute/', 'stakeholders, packets, messages, sending over SMTP, the delivery log'],
  ['build', 'build\\.ts$', 'the orchestrator: build, loadModel, composeAll'],
  ['commands', '(commands/|cli\\.ts$|effects-node\\.ts$)', 'the CLI and the real Effects (the edges)'],
];

const at = (pattern) => `^pipeline/(${pattern})`;

/**
 * The only modules that may import node:fs (or fs, fs/promises): every other read, write and
 * listing goes through Effects (pipeline/effects.ts), so tests can run whole commands in memory.
 * [module under pipeline/, why it may]
 */
const FS_ALLOWED = [
  ['effects-node.ts', "the real Effects: the one place the pipeline reads and writes the user's files"],
  ['revisions/stamp.ts', "the tool's own sources and lockfile, hashed into the build stamp (code version)"],
  ['render/charts/cache.ts', "the tool's own chart sources, hashed into the chart cache key"],
  ['render/charts/metrics.ts', 'the Roboto font files shipped with pdfmake, to measure chart text as the PDF sets it'],
  ['ingest/printable.ts', 'the same Roboto files, to refuse characters the PDF cannot print'],
  ['render/parallel.ts', "tsx's package.json, to find its loader for render threads running the TypeScript sources"],
  ['patches/guard.ts', "the installed dependencies' package.json, to check their versions before patching them"],
];

/** Stage i may not import stage j > i. */
const upward = STAGES.slice(0, -1).map(([name, pattern], i) => ({
  name: `${name}-imports-later-stage`,
  comment: `${name} runs before ${STAGES.slice(i + 1)
    .map(([n]) => n)
    .join(', ')}: it may import only from itself or an earlier stage`,
  severity: 'error',
  from: { path: at(pattern) },
  to: { path: STAGES.slice(i + 1).map(([, p]) => at(p)) },
}));

module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'stage-imports-orchestrator',
      comment: 'no stage imports build.ts or commands/: they call the stages, not the other way round',
      severity: 'error',
      from: { path: '^pipeline/', pathNot: at('build\\.ts$|commands/|cli\\.ts$') },
      to: { path: at('build\\.ts$|commands/') },
    },
    {
      name: 'no-cycle',
      comment:
        'no module imports itself through others (two folders may still import different modules of each other: core-imports-ground rule below keeps core/ at the bottom)',
      severity: 'error',
      from: { path: '^pipeline/' },
      to: { circular: true },
    },
    {
      name: 'commands-bypass-build',
      comment:
        "commands read, check and model their inputs only through build.ts (build, loadModel) and compose documents only through build (composeAll): they never import ingest/, validate/, model/ or compose's entry points themselves; for their own work after that (explain's wording, publish's signing, send's mail, watch's threads) they may call other stage modules",
      severity: 'error',
      from: { path: at('commands/|cli\\.ts$') },
      to: { path: [at('ingest/'), at('validate/'), at('model/'), at('compose/(index|documents)\\.ts$')] },
    },
    {
      name: 'core-imports-ground',
      comment:
        'core/ is the floor the ground stands on: it imports only itself, diagnostics/ (positions, types) and effects.ts (the interface), never options.ts or source.ts, so no folder of the ground imports one that imports it',
      severity: 'error',
      from: { path: at('core/') },
      to: { path: '^pipeline/', pathNot: at('core/|diagnostics/|effects\\.ts$') },
    },
    {
      name: 'fs-outside-effects',
      comment: `only these modules import node:fs; everything else reads and writes through Effects: ${FS_ALLOWED.map(([m, why]) => `${m} (${why})`).join('; ')}`,
      severity: 'error',
      from: { path: '^pipeline/', pathNot: FS_ALLOWED.map(([m]) => `^pipeline/${m.replace(/\./g, '\\.')}$`) },
      to: { dependencyTypes: ['core'], path: '^(node:)?fs(/promises)?$' },
    },
    {
      name: 'pipeline-imports-tests',
      severity: 'error',
      from: { path: '^pipeline/' },
      to: { path: '^(test|bench)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    parser: 'swc',
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^dist/' },
  },
};

// Not a dependency-cruiser option: read by the test that compares the README with this rule.
Object.defineProperty(module.exports, 'STAGES', { value: STAGES, enumerable: false });
Object.defineProperty(module.exports, 'FS_ALLOWED', { value: FS_ALLOWED, enumerable: false });
