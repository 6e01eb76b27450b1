// Catalog errors: every problem of a catalog at once, each with file, line and field path,
// so an infra engineer fixes the whole file in one pass (docs/architecture.md, invariant 3).
import { InputError, WardenError } from '../../contract/errors';

export interface CatalogIssue {
  readonly file: string;
  /** 1-based line of the offending node (or of its nearest existing parent). */
  readonly line: number;
  /** Field path such as `secrets[payments/db-app].rotation.days` (the index when the entry has no name); empty for file-level problems. */
  readonly path: string;
  readonly message: string;
}

/** `config/secrets.yaml:14 secrets[payments/db-app].rotation.days: must be between 1 and 1000` */
export function formatIssue(issue: CatalogIssue): string {
  return issue.path === ''
    ? `${issue.file}:${issue.line}: ${issue.message}`
    : `${issue.file}:${issue.line} ${issue.path}: ${issue.message}`;
}

/** The message lists at most this many problems (a file of junk would otherwise print thousands). */
const MAX_LISTED_ISSUES = 25;

/** The catalog is invalid; `issues` lists every problem found, in file order. Nothing was deployed. */
export class CatalogError extends WardenError {
  readonly issues: readonly CatalogIssue[];

  constructor(file: string, issues: readonly CatalogIssue[], options?: ErrorOptions) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const listed = issues.slice(0, MAX_LISTED_ISSUES).map((issue) => `  ${formatIssue(issue)}`);
    if (issues.length > MAX_LISTED_ISSUES) listed.push(`  ... and ${issues.length - MAX_LISTED_ISSUES} more; fix these first and run again`);
    super(`${file}: ${count} in the secrets catalog; fix ${issues.length === 1 ? 'it' : 'them'} (reference: docs/catalog.md):\n${listed.join('\n')}`, options);
    this.issues = issues;
  }
}

/** `forEnvironment` (or `-c env=NAME`) named an environment the catalog does not declare. */
export class UnknownEnvironmentError extends InputError {
  constructor(
    readonly environment: string,
    readonly known: readonly string[],
  ) {
    super(
      'environment',
      `"${environment}" is not an environment of the catalog`,
      `use one of ${known.join(', ')} (cdk deploy -c env=NAME), or add it under environments in config/secrets.yaml`,
    );
  }
}
