/** Options of `fetchSite`. */
export interface FetchSiteOptions {
  /** The corpus folder; files go to `<corpusDir>/<vendor>/<version>/<group>/<doc>.<ext>`. Required. */
  corpusDir: string;
  /** Vendor slug (`[a-z0-9._-]`). Required. */
  vendor: string;
  /** Version slug. Required. */
  version: string;
  /** Put every document in this group. Default: the first folder of each URL below the start URL's folder (`/docs/guide/x.html` → `guide`). */
  group?: string | undefined;
  /** Hosts besides the start URL's whose pages and files may be fetched (`cdn.example.com`). Default none. */
  allowHosts?: readonly string[] | undefined;
  /** Most links requested in one run. Default 10,000. */
  maxPages?: number | undefined;
  /** Largest file fetched, in bytes; a bigger one is cut off unread. Default: what ingest reads of its format (`DEFAULT_INGEST_LIMITS.maxFileBytes`: HTML 16 MiB, PDF 256 MiB). */
  maxBytes?: number | undefined;
  /** Requests in flight at once. Default 4. */
  concurrency?: number | undefined;
  /** Requests started per second, at most (a robots.txt `Crawl-delay` lowers it). `Infinity` for no limit. Default 5. */
  rate?: number | undefined;
  /** Milliseconds one request (headers and body) may take. Default 30,000. */
  timeoutMs?: number | undefined;
  /** Retries of a 429, a 5xx or a network error. Default 3. */
  maxRetries?: number | undefined;
  /** Longest `Retry-After` waited for, in milliseconds (a longer one is shortened to it). Default 60,000. */
  maxRetryAfterMs?: number | undefined;
  /**
   * Remove files an earlier fetch of the same start URL wrote whose pages are gone from the site.
   * Default false: they are kept and reported as `missing`. Never done in a run where a request failed.
   */
  prune?: boolean | undefined;
  /** The User-Agent sent. Default `mcdewey/<version> (documentation fetch)`. */
  userAgent?: string | undefined;
  /** Called as links are fetched: `done` of `total` known so far. */
  onProgress?: ((progress: FetchProgress) => void) | undefined;
  /** Stops the fetch; nothing is written to the corpus then. */
  signal?: AbortSignal | undefined;
}

/** Progress of a fetch: links answered of links found so far, and the one just answered. */
export interface FetchProgress {
  done: number;
  total: number;
  url: string;
}

/** A link passed over or failed, and why. */
export interface FetchIssue {
  url: string;
  reason: string;
}

/** What a fetch did. Files are corpus paths (`vendor/version/group/doc.ext`). */
export interface FetchReport {
  /** The start URL, normalized. */
  url: string;
  corpusDir: string;
  vendor: string;
  version: string;
  /** Files new to the corpus. */
  added: string[];
  /** Files rewritten because the page changed. */
  changed: string[];
  /** Files the server said are current (304) or sent unchanged. */
  unchanged: string[];
  /** Files removed because their pages are gone from the site (`prune` only). */
  removed: string[];
  /** Files whose pages are gone from the site, kept because `prune` was not asked for (or a request failed). */
  missing: string[];
  /** Links passed over: out of scope, not documentation, disallowed by robots.txt, duplicates, over a cap. */
  skipped: FetchIssue[];
  /** Links that could not be fetched (HTTP errors, timeouts, redirect loops). */
  failed: FetchIssue[];
  /** Requests made (redirect hops and retries aside) and conditional requests answered 304. */
  requests: number;
  notModified: number;
  /** Body bytes received. */
  bytes: number;
  seconds: number;
}
