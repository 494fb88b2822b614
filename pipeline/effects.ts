// Side effects behind one interface: the CLI passes the real one, tests pass an in-memory one.

export interface Effects {
  /** Read a whole file; rejects with a NodeJS.ErrnoException (code ENOENT, EACCES, EISDIR…). */
  readFile(path: string): Promise<Buffer>;
  /** Names (not paths) of the entries of a directory, sorted. */
  listDir(path: string): Promise<string[]>;
  /** Write to a temporary name in the same folder, then rename over the target. */
  writeFileAtomic(path: string, data: Buffer | string): Promise<void>;
  /** One progress or log line (stderr for the CLI). */
  log(line: string): void;
  /** Current time; pinned by SOURCE_DATE_EPOCH in reproducible builds. */
  clock(): Date;
  /** Called after each stage with its duration in milliseconds (the CLI prints it with --verbose). */
  progress?(stage: string, ms: number): void;
  /** SHA-256 of a file if it exists, for skipping identical rewrites. */
  exists(path: string): Promise<boolean>;
}
