/**
 * The exit codes of `mcdewey`, every one it uses. README.md lists them in its "Exit codes" table,
 * and a test keeps that table and these in step.
 */
export const EXIT_CODES = Object.freeze({
  /** The command did what was asked (a search with no results included). */
  ok: 0,
  /** An unexpected error inside McDewey (a bug): the message carries a stack trace to report. */
  internal: 1,
  /**
   * A usage error or a request McDewey refuses, told in one line on stderr: a bad flag or value,
   * an unknown chunk or filter value, a missing or damaged index, a corpus that cannot be
   * ingested, a port in use.
   */
  usage: 2,
});
