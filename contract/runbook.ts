// The one way to point at a section of docs/runbooks.md, shared by the CDK app (alarm descriptions,
// EventBridge alert texts, the dashboard) and the functions (SNS alerts, Markdown/HTML/JSON reports).
//
// Findings and controls record the canonical reference, `docs/runbooks.md#<anchor>` (the report
// schemas pin it); every surface a person reads turns it into a link with runbookLink /
// runbookUrlOf. With the catalog's `runbookBaseUrl` (the published docs/runbooks.md, e.g. the
// repository's web URL of the file, or a wiki page holding the same anchors), the link is
// `<runbookBaseUrl>#<anchor>`, which a console, a mail client or a pager makes clickable; without it,
// the repository-relative path, as before.

const RUNBOOK_PATH = 'docs/runbooks.md';

/** Longest accepted base URL: the longest alarm description must stay under CloudWatch's 1,024 characters. */
const RUNBOOK_BASE_URL_MAX = 256;

/** `<baseUrl>#<anchor>`, or `docs/runbooks.md#<anchor>` without a base URL. Any fragment of the base is dropped. */
export function runbookLink(anchor: string, baseUrl?: string | null): string {
  const base = baseUrl ? baseUrl.replace(/#.*$/, '') : RUNBOOK_PATH;
  return `${base}#${anchor}`;
}

/** `inventory-unused`, `compliance-secretsmanager-1`: a check pack's section (written out in the runbook). */
export function packRunbookAnchor(pack: 'inventory' | 'compliance', id: string): string {
  return `${pack}-${id}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * The link for a recorded reference: `docs/runbooks.md#x` becomes runbookLink('x', baseUrl); a
 * reference already resolved, or pointing elsewhere, comes back unchanged.
 */
export function runbookUrlOf(reference: string, baseUrl?: string | null): string {
  if (!baseUrl || !reference.startsWith(`${RUNBOOK_PATH}#`)) return reference;
  return runbookLink(reference.slice(RUNBOOK_PATH.length + 1), baseUrl);
}

/**
 * Why `value` cannot be a runbook base URL, or null when it can: an absolute https URL with a host,
 * no user name or password, no `#fragment` (the anchor is appended) and no whitespace, at most
 * RUNBOOK_BASE_URL_MAX characters.
 */
export function runbookBaseUrlProblem(value: string): string | null {
  const example = 'such as https://github.com/acme/secrets-warden/blob/main/docs/runbooks.md';
  if (value.length > RUNBOOK_BASE_URL_MAX) return `is ${value.length} characters; at most ${RUNBOOK_BASE_URL_MAX} fit in an alarm description`;
  if (/\s/.test(value)) return `contains whitespace; give the URL of the published docs/runbooks.md, ${example}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL; give the https URL of the published docs/runbooks.md, ${example}`;
  }
  if (url.protocol !== 'https:') return `must be an https:// URL (got ${url.protocol}), ${example}`;
  if (url.hostname === '') return `has no host, ${example}`;
  if (url.username !== '' || url.password !== '') return 'must not carry a user name or password (alarm descriptions and alerts are not secret)';
  if (value.includes('#')) return 'must not end in a #fragment: each alarm, alert and report appends its own section anchor';
  return null;
}

/**
 * How a report renderer or an alert learns the base URL (the catalog summary's runbookBaseUrl).
 * Renderers link it as given: it was checked with runbookBaseUrlProblem where it enters, by the
 * catalog's rule (lib/catalog/rules.ts) for a summary built from config/secrets.yaml, and by the
 * functions' summary loader (lambdas/shared/catalog-summary.ts) for a stored one.
 */
export interface RunbookOptions {
  readonly runbookBaseUrl?: string | null;
}

/** runbookUrlOf for a Markdown link destination: parentheses, angle brackets and spaces percent-encoded. */
export function runbookMarkdownUrl(reference: string, baseUrl?: string | null): string {
  return runbookUrlOf(reference, baseUrl).replace(/[()<>\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}
