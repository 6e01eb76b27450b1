// A Mermaid flowchart of the catalog: readers -> secrets -> rotation functions -> databases,
// one subgraph per environment. Pure and deterministic (catalog order, no timestamps), so
// docs/secrets-flow.mmd can be checked for staleness by comparing text.
import type { Catalog, SecretEntry } from './types';
import { rotationDays, secretName } from './types';

export const DIAGRAM_PATH = 'docs/secrets-flow.mmd';

export function renderDiagram(catalog: Catalog, sourcePath = 'config/secrets.yaml'): string {
  const lines = [
    `%% Generated from ${sourcePath} by \`npm run diagram\`; do not edit by hand (a test fails when it is stale).`,
    'flowchart LR',
  ];
  for (const { name } of catalog.environments) lines.push(...environmentBlock(catalog, name));
  lines.push(
    '  classDef reader fill:#eef6ff,stroke:#4a7bd0',
    '  classDef secret fill:#fff7e6,stroke:#d08a00',
    '  classDef critical fill:#ffecec,stroke:#c0392b,stroke-width:2px',
    '  classDef rotation fill:#eefbea,stroke:#3c9a2f',
    '  classDef database fill:#f3f0ff,stroke:#6c4fc2',
    '  classDef manual fill:#f4f4f4,stroke:#888,stroke-dasharray:4',
  );
  return `${lines.join('\n')}\n`;
}

function environmentBlock(catalog: Catalog, name: string): string[] {
  const { environment, secrets } = catalog.forEnvironment(name);
  const id = (kind: string, index: number | string) => `${name.replace(/-/g, '_')}_${kind}${index}`;
  const where = [environment.account, environment.region].filter(Boolean).join(', ');
  const nodes: string[] = [];
  const edges: string[] = [];
  const readers = new Map<string, string>();
  const databases = new Map<string, string>();
  /** Database node id -> the users whose passwords the postgres rotation function sets there. */
  const usersByDatabase = new Map<string, string[]>();
  const functions = new Map<string, string>();
  const secretIds = new Map(secrets.map((secret, index) => [secret.name, id('secret', index)]));

  secrets.forEach((secret, index) => {
    const secretId = id('secret', index);
    nodes.push(`    ${secretId}[/"${label(secretName(name, secret.name))}<br/>${label(summary(secret))}"/]:::${secret.classification === 'critical' ? 'critical' : 'secret'}`);
    for (const arn of secret.readers) {
      if (!readers.has(arn)) {
        readers.set(arn, id('reader', readers.size));
        nodes.push(`    ${readers.get(arn)!}["${label(principal(arn))}"]:::reader`);
      }
      edges.push(`    ${readers.get(arn)!} -->|reads| ${secretId}`);
    }
    if (secret.kind === 'external') {
      const manualId = id('manual', index);
      nodes.push(`    ${manualId}(["${label(`rotated by hand by ${secret.external.rotateBy}`)}"]):::manual`);
      edges.push(`    ${secretId} -.-> ${manualId}`);
      return;
    }
    if (!functions.has(secret.kind)) {
      functions.set(secret.kind, id('rotation', `_${secret.kind}`));
      nodes.push(`    ${functions.get(secret.kind)!}[["${label(`${secret.kind} rotation function`)}"]]:::rotation`);
    }
    const functionId = functions.get(secret.kind)!;
    edges.push(`    ${secretId} -->|rotated by| ${functionId}`);
    if (secret.kind === 'postgres') {
      const { host, port, dbname, masterSecret } = secret.postgres;
      const database = `${host}:${port}/${dbname}`;
      if (!databases.has(database)) {
        databases.set(database, id('database', databases.size));
        nodes.push(`    ${databases.get(database)!}[("${label(database)}")]:::database`);
      }
      const users = usersByDatabase.get(databases.get(database)!) ?? [];
      // Alternating users: the function sets the password of the clone `<user>_clone` every other time.
      const user = secret.rotation.strategy === 'alternating-users' ? `${secret.postgres.username} / ${secret.postgres.username}_clone` : secret.postgres.username;
      usersByDatabase.set(databases.get(database)!, [...users, user]);
      if (masterSecret !== undefined) edges.push(`    ${secretId} -.->|master| ${secretIds.get(masterSecret)!}`);
    }
  });

  const postgresFunction = functions.get('postgres');
  for (const [databaseId, users] of usersByDatabase) {
    edges.push(`    ${postgresFunction!} -->|"${label(`sets passwords of ${users.join(', ')}`)}"| ${databaseId}`);
  }

  return [`  subgraph ${id('env', '')}["${label(where ? `${name} (${where})` : name)}"]`, '    direction LR', ...nodes, ...edges, '  end'];
}

function summary(secret: SecretEntry): string {
  const parts: string[] = [secret.kind, secret.classification];
  if (secret.kind !== 'external') {
    if (secret.kind === 'postgres') parts.push(secret.rotation.strategy ?? 'single-user');
    parts.push(secret.rotation.hours !== undefined ? `every ${secret.rotation.hours} h` : `every ${rotationDays(secret.rotation)} d`);
  }
  return parts.join(' · ');
}

/** `arn:aws:iam::123456789012:role/api` -> `role/api @ 123456789012` */
function principal(arn: string): string {
  const [, , , , account, resource] = arn.split(':');
  return `${resource ?? arn} @ ${account ?? '?'}`;
}

/** Mermaid labels are quoted; a quote or angle bracket inside would end or break them. */
function label(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}
