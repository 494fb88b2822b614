// `watch`: build, then rebuild whenever a file under data/, seeds/ or templates/ changes, with one
// log line per rebuild (what changed, what was rebuilt, how long). Ctrl-C stops it cleanly.

import { watch, type FSWatcher } from 'chokidar';
import { basename, dirname } from 'node:path';
import type { BuildResult } from '../build.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Effects } from '../effects.js';
import type { BuildOptions } from '../options.js';
import { optionsHelp } from './help.js';
import { UsageError, type Command } from './types.js';

/** Editors save in bursts (temporary file, rename, touch): wait for the burst to end. */
const SETTLE_MS = 150;

export const watchCommand: Command = {
  name: 'watch',
  summary: 'build, then rebuild on every change to data/, seeds/ or templates/ (Ctrl-C stops)',
  help: `Usage: hlsd-report watch [options]

Builds once, then watches the data, seeds and templates folders and rebuilds after each change,
printing one line per rebuild: the files that changed, what was rebuilt and how long it took.
Rebuilds are incremental: only the charts whose data changed are rendered again, and the render
threads stay loaded and warm between rebuilds (a correction takes about a second). Invalid input is
reported and the previous outputs stay as they were. Ctrl-C (SIGINT) or SIGTERM stops watching
after any rebuild in progress has finished writing.

Options:
${optionsHelp(['year', 'lang', 'format', 'data', 'seeds', 'templates', 'out', 'published', 'paper', 'draft', 'verbose', 'help'])}`,
  options: { paper: { type: 'string' }, draft: { type: 'boolean' } },
  async run(ctx) {
    const options: BuildOptions = ctx.options;
    const dirs = [options.paths.data, options.paths.seeds, options.paths.templates];
    for (const dir of dirs) {
      const isDir = await ctx.effects.listDir(dir).then(
        () => true,
        () => false,
      );
      if (!isDir) throw new UsageError(`cannot watch ${dir}: it is not a folder (pass --data, --seeds or --templates)`);
    }
    // The build's own log lines would break "one line per rebuild"; the rebuild line says it all.
    const effects: Effects = { ...ctx.effects, log: () => {} };
    // Between rebuilds, every render worker gets warm for documents, so that corrections are laid
    // out side by side by warm workers.
    (await import('../render/parallel.js')).keepRenderWorkersWarm();
    return new Watcher(options, effects, dirs, ctx.report, ctx.stderr).run();
  },
};

class Watcher {
  private readonly changed = new Set<string>();
  private watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopping = false;
  private finish: (code: number) => void = () => {};

  constructor(
    private readonly options: BuildOptions,
    private readonly effects: Effects,
    private readonly dirs: string[],
    private readonly report: (d: readonly Diagnostic[]) => void,
    private readonly log: (text: string) => void,
  ) {}

  async run(): Promise<number> {
    const done = new Promise<number>((resolve) => (this.finish = resolve));
    const onSignal = () => void this.stop(0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      // The first build renders even if out/ is current (writing only what differs), which
      // warms the render threads for the first correction.
      this.running = this.rebuild('start', { ...this.options, rerender: true });
      await this.running;
      this.running = undefined;
      if (!this.stopping) {
        // chokidar, not fs.watch({ recursive }): on Linux, Node's recursive watcher keeps watching
        // the inode a file had, so after a save by rename (sed -i, most editors) it never sees that
        // file again. chokidar watches the folders and follows files replaced by rename.
        const w = watch(this.dirs, { ignoreInitial: true, atomic: true });
        w.on('all', (_event, path) => this.onChange(path));
        w.on('error', (e) => {
          this.log(`watch    ${this.dirs.join(', ')}: ${(e as Error).message}\n`);
          void this.stop(1);
        });
        await new Promise<void>((resolve) => w.once('ready', () => resolve()));
        this.watchers.push(w);
        this.log(`watch    watching ${this.dirs.join(', ')} (Ctrl-C to stop)\n`);
      }
      return await done;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  }

  private onChange(file: string): void {
    if (this.stopping) return;
    const base = basename(file);
    // Editor backups and swap files are not inputs.
    if (base.startsWith('.') || base.endsWith('~') || /\.(swp|swx|tmp)$/.test(base)) return;
    this.changed.add(file);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.kick(), SETTLE_MS);
  }

  private kick(): void {
    if (this.running || this.stopping || this.changed.size === 0) return;
    const files = [...this.changed].sort();
    this.changed.clear();
    this.running = this.rebuild(describeChanges(files)).finally(() => {
      this.running = undefined;
      if (this.changed.size > 0 && !this.stopping) this.kick();
    });
  }

  private async rebuild(reason: string, options: BuildOptions = this.options): Promise<void> {
    const started = performance.now();
    let result: BuildResult;
    try {
      const { build } = await import('../build.js');
      result = await build(options, this.effects);
    } catch (e) {
      // A failure to write (disk full, permissions) is reported and watching goes on: fixing it
      // and saving again should be enough.
      this.log(
        `${reason === 'start' ? 'build  ' : 'rebuild'}  ${reason === 'start' ? '' : `${reason} changed: `}failed: ${(e as Error).message}\n`,
      );
      return;
    }
    const secs = ((performance.now() - started) / 1000).toFixed(2);
    this.report(result.diagnostics);
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    const what = !result.ok
      ? `${errors} error(s), nothing written`
      : result.published!.written.length === 0
        ? 'up to date'
        : `${result.published!.written.length} file(s) written, ${result.counters ? `${result.counters.chartsRendered} of ${result.counters.chartsRequested} chart(s) rendered` : 'no chart rendered'}, revision ${result.plan?.revision.number ?? '?'}`;
    this.log(
      reason === 'start' ? `build    ${what} (${secs} s)\n` : `rebuild  ${reason} changed: ${what} (${secs} s)\n`,
    );
  }

  private async stop(code: number): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.timer);
    await Promise.all(this.watchers.map((w) => w.close()));
    // Let a rebuild in progress finish its atomic writes, so out/ stays consistent.
    await this.running?.catch(() => undefined);
    this.log('watch    stopped\n');
    this.finish(code);
  }
}

/** Names of the kinds of file a build reads (seed texts, CSV, catalogues, templates). */
const INPUT_FILE = /\.(csv|json|txt|md|hbs|css|html)$/i;

/**
 * The changed files to name: those that look like inputs. Tools that save through a temporary
 * file (sed -i, some editors) may leave only the temporary name in the events; then the folder.
 */
export function describeChanges(files: string[]): string {
  const inputs = files.filter((f) => INPUT_FILE.test(f));
  const shown = inputs.length ? inputs : [...new Set(files.map((f) => dirname(f)))];
  return shown.length <= 3 ? shown.join(', ') : `${shown.slice(0, 3).join(', ')} and ${shown.length - 3} more`;
}
