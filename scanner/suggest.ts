// From a finding to a managed secret: the catalog entry to add to config/secrets.yaml (name from
// file and key, kind, classification) and the line of code that reads it through the
// `secrets-warden/client` library instead. Nothing here sees the value: only the finding.
import { basename, dirname } from 'node:path';
import { stringify } from 'yaml';
import type { ScanFinding } from './types';

/** Directory names that say nothing about what a secret belongs to. */
const GENERIC_DIRS = new Set(['', '.', 'src', 'lib', 'app', 'apps', 'config', 'configs', 'conf', 'settings', 'packages', 'services', 'pkg', 'internal', 'cmd', 'main', 'java', 'resources', 'test', 'tests', 'k8s', 'deploy', 'infra', 'charts', 'templates', 'scripts', 'bin', '.github', 'workflows']);

const slug = (text: string) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** `<component>/<key>`: the nearest meaningful directory (else the file's stem) and the key (else the rule). */
export function suggestedName(finding: Pick<ScanFinding, 'file' | 'key' | 'rule'>): string {
  const dirs = finding.file === '-' ? [] : dirname(finding.file).split('/').filter((d) => !GENERIC_DIRS.has(d.toLowerCase()));
  const stem = slug(basename(finding.file).replace(/^\.+/, '').replace(/\.[^.]*$/, '')) || 'app';
  const component = slug(dirs.at(-1) ?? '') || stem;
  const key = slug(finding.key ?? '') || finding.rule;
  return `${component}/${key}`;
}

export interface Suggestion {
  readonly finding: ScanFinding;
  readonly name: string;
  /** A `secrets:` list item for config/secrets.yaml. */
  readonly catalogEntry: string;
  /** How the code reads it instead (secrets-warden/client). */
  readonly code: string;
}

const camel = (name: string) => slug(name.split('/').at(-1) ?? name).replace(/-([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

function suggest(finding: ScanFinding, now: Date): Suggestion {
  const name = suggestedName(finding);
  const where = `${finding.file}:${finding.line}${finding.key ? ` (${finding.key})` : ''}`;
  const kind = finding.kind ?? 'external';
  const entry: Record<string, unknown> = {
    name,
    kind,
    classification: finding.severity,
    owner: 'team-unassigned',
    description: `${finding.description}, moved out of ${where}`,
  };
  if (kind === 'external') entry.external = { rotateBy: new Date(now.getTime() + 90 * 86_400_000).toISOString().slice(0, 10) };
  if (kind === 'random') entry.random = { length: Math.max(32, finding.length) };
  if (kind === 'postgres' && finding.connection) entry.postgres = finding.connection;
  const yaml = stringify([entry]).trimEnd().replace(/^/gm, '  ').replace('owner: team-unassigned', 'owner: team-unassigned # the owning team');
  const code = [
    `import { createSecrets } from 'secrets-warden/client';`,
    `const secrets = createSecrets({ environment: process.env.WARDEN_ENVIRONMENT ?? 'dev' });`,
    `const ${camel(name) || 'secret'} = await secrets.get('${name}');`,
  ].join('\n');
  return { finding, name, catalogEntry: yaml, code };
}

/** The --suggest text: per finding, where it is, the catalog entry and the code. */
export function renderSuggestions(findings: readonly ScanFinding[], now: Date): string {
  const blocks = findings.map((finding) => {
    const s = suggest(finding, now);
    return [
      `# ${finding.file}:${finding.line}:${finding.column} ${finding.rule} (${finding.severity}) ${finding.masked} length ${finding.length}`,
      '# 1. add to config/secrets.yaml under `secrets:`',
      s.catalogEntry,
      '# 2. deploy (npx cdk deploy -c env=NAME), store the value, rotate it at its issuer if it was ever pushed',
      '# 3. read it in the code instead of the literal:',
      s.code.replace(/^/gm, '#    '),
    ].join('\n');
  });
  return blocks.length === 0 ? 'no findings: nothing to move into the catalog\n' : `${blocks.join('\n\n')}\n`;
}
