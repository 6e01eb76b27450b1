// What the repository scanner reports. A finding never holds the secret: only its first
// characters (masked), its length and a salted fingerprint of its content.
import type { CatalogKind, Rule, Sensitivity } from '../lambdas/shared/detectors';

export type ScanMode = 'worktree' | 'staged' | 'history' | 'stdin';

export interface ScanFinding {
  readonly rule: string;
  readonly description: string;
  readonly severity: Sensitivity;
  /** Relative to the scanned root, `/` separators; `-` for standard input. */
  readonly file: string;
  /** 1-based; a file rule (`.env`) reports line 1 column 1. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** The variable or key the value is assigned to, when known. */
  readonly key: string | null;
  /** HMAC-SHA-256 of the value with the repository's salt (32 hex): equal values, equal fingerprints; never the commit. */
  readonly fingerprint: string;
  /** The first characters (four at most, a quarter of short values) and an ellipsis. */
  readonly masked: string;
  readonly length: number;
  /** History mode: where the line was added. */
  readonly commit?: string;
  readonly author?: string;
  readonly date?: string;
  /** An AWS access key id and a secret key found within a few lines of each other. */
  readonly pairedWith?: { readonly rule: string; readonly line: number };
  /** In the baseline given with --baseline (reported, never failing the scan). */
  readonly baselined: boolean;
  readonly kind?: CatalogKind;
  readonly storage?: string;
  /** A database URL's non-secret parts (for the catalog entry --suggest writes). */
  readonly connection?: { readonly host: string; readonly port?: number; readonly dbname?: string; readonly username?: string };
}

export interface ScanStatistics {
  readonly mode: ScanMode;
  readonly files: number;
  readonly bytes: number;
  /** History mode: added lines read. */
  readonly lines: number;
  readonly commits: number;
  readonly skippedBinary: number;
  readonly skippedHuge: number;
  /** Paths excluded by .wardenignore. */
  readonly skippedIgnored: number;
  /** Detections on lines marked `warden:allow`. */
  readonly allowedInline: number;
  /** Worker threads that read and scanned files beside the main thread (0: the main thread alone). */
  readonly workers: number;
  readonly durationMs: number;
  /** CPU time of this process during the scan (user + system; git's own processes not included). */
  readonly cpuMs: number;
}

export interface ScanResult {
  readonly root: string;
  readonly findings: readonly ScanFinding[];
  readonly statistics: ScanStatistics;
  /** Where the fingerprint salt came from (`.warden/salt`, the root commit, or none). */
  readonly saltSource: string;
  /** Rules of a --config file that could not be used (id and reason), and similar notes. */
  readonly warnings: readonly string[];
  /** The rules the scan ran (built-in or from --config), for the SARIF rule descriptors. */
  readonly rules: readonly Rule[];
}
