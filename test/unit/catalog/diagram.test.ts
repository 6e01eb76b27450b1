// docs/secrets-flow.mmd is generated from the catalog; it must never drift from it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCatalog, parseCatalog } from '../../../lib/catalog';
import { DIAGRAM_PATH, renderDiagram } from '../../../lib/catalog/diagram';

const SMALL = `version: 1
environments:
  dev: {account: "111111111111"}
secrets:
  - name: app/db-admin
    kind: postgres
    classification: critical
    owner: team
    description: admin
    postgres: {host: db.internal, username: app_admin}
  - name: app/db
    kind: postgres
    owner: team
    classification: high
    description: login of the app
    rotation: {strategy: alternating-users}
    postgres: {host: db.internal, username: app, masterSecret: app/db-admin}
    readers: ["arn:aws:iam::111111111111:role/app"]
  - name: vendor/key
    kind: external
    classification: low
    owner: team
    description: vendor key
    external: {rotateBy: "2027-01-31"}
    readers: ["arn:aws:iam::111111111111:role/app"]
`;

describe('the secrets flow diagram', () => {
  it(`is up to date in ${DIAGRAM_PATH} (run npm run diagram after editing config/secrets.yaml)`, () => {
    const expected = renderDiagram(loadCatalog());

    const committed = readFileSync(DIAGRAM_PATH, 'utf8');

    expect(committed).toBe(expected);
  });

  it('draws readers -> secrets -> rotation functions -> databases, with master and manual rotation', () => {
    const diagram = renderDiagram(parseCatalog(SMALL, 'small.yaml'), 'small.yaml');

    expect(diagram.split('\n')).toEqual(
      expect.arrayContaining([
        '  subgraph dev_env["dev (111111111111)"]',
        '    dev_reader0 -->|reads| dev_secret1',
        '    dev_secret1 -->|rotated by| dev_rotation_postgres',
        '    dev_rotation_postgres -->|"sets passwords of app_admin, app / app_clone"| dev_database0',
        '    dev_secret1 -.->|master| dev_secret0',
        '    dev_reader0 -->|reads| dev_secret2',
        '    dev_secret2 -.-> dev_manual2',
        '    dev_manual2(["rotated by hand by 2027-01-31"]):::manual',
        '    dev_database0[("db.internal:5432/postgres")]:::database',
      ]),
    );
  });

  it('is the same text every time for the same catalog', () => {
    expect(renderDiagram(parseCatalog(SMALL, 'small.yaml'))).toBe(renderDiagram(parseCatalog(SMALL, 'small.yaml')));
  });
});
