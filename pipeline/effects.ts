// Side effects behind one interface: the CLI passes the real one, tests pass an in-memory one.

export interface Effects {
  /**
   * Read a whole regular file of at most `maxBytes` (default MAX_READ_BYTES); rejects with a
   * NodeJS.ErrnoException (code ENOENT, EACCES, EISDIR…, ENOTREG for a pipe, device or socket,
   * EFBIG for a larger file), never blocking on a pipe nor reading a device without end.
   */
  readFile(path: string, maxBytes?: number): Promise<Buffer>;
  /** Names (not paths) of the entries of a directory, sorted. */
  listDir(path: string): Promise<string[]>;
  /** Write to a temporary name in the same folder, then rename over the target. */
  writeFileAtomic(path: string, data: Buffer | string): Promise<void>;
  /**
   * Write a whole folder all or nothing: the files (paths relative to `dir`) go into a staging
   * folder next to it, which is then renamed to `dir`; `dir` must not exist. Staging folders left by
   * processes that died are removed first, and returned (names, for the log).
   */
  writeFolderAtomic(dir: string, files: ReadonlyMap<string, Buffer>): Promise<{ cleaned: string[] }>;
  /**
   * Why `path` cannot be, or become, a writable folder (a file in the way, no permission), naming
   * the part of the path at fault; undefined when it can. Asked before anything is written.
   */
  folderProblem(path: string): Promise<{ path: string; message: string } | undefined>;
  /**
   * Append to a file (created when missing) and flush it to the disk before resolving: a line that
   * must survive a crash (the delivery log's intent). Optional: without it, callers rewrite the file
   * atomically.
   */
  appendFile?(path: string, data: string): Promise<void>;
  /**
   * Take the exclusive lock `path` (a file created only if absent, holding this process's id): the
   * release function, or the id of the live process that holds it. A lock left by a process that
   * is gone (kill -9, power loss) is taken over. Optional: without it, there is one process.
   */
  lock?(path: string): Promise<{ release(): Promise<void> } | { heldBy: number }>;
  /** Remove a file (no error if it is already gone). */
  remove(path: string): Promise<void>;
  /** The command's result on standard output (JSON of `assess`, the account of `explain`). */
  stdout(text: string): void;
  /** One progress or log line (stderr for the CLI). */
  log(line: string): void;
  /** Current time; pinned by SOURCE_DATE_EPOCH in reproducible builds. */
  clock(): Date;
  /** Called after each stage with its duration in milliseconds (the CLI prints it with --verbose). */
  progress?(stage: string, ms: number): void;
  /** SHA-256 of a file if it exists, for skipping identical rewrites. */
  exists(path: string): Promise<boolean>;
}

/** The most any read takes in, whatever the file; inputs have smaller limits of their own (ingest). */
export const MAX_READ_BYTES = 256 * 1024 * 1024;

/** An errno-style failure for `path`, as Node's own file-system errors look (code, path, syscall). */
export function fileError(
  code: string,
  path: string,
  what: string,
  extra: Record<string, unknown> = {},
): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${what}, read '${path}'`), { code, path, syscall: 'read', ...extra });
}
