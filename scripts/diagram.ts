// npm run diagram [-- --check]: writes docs/secrets-flow.mmd from config/secrets.yaml, or with
// --check exits 1 when the file is stale (the unit test does the same check).
import { readFileSync, writeFileSync } from 'node:fs';
import { DIAGRAM_PATH, renderDiagram } from '../lib/catalog/diagram';
import { loadCatalog } from '../lib/catalog';

const catalogPath = process.env.WARDEN_CATALOG ?? 'config/secrets.yaml';
const diagram = renderDiagram(loadCatalog(catalogPath), catalogPath);

if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(DIAGRAM_PATH, 'utf8');
  } catch {
    // A missing file is stale too.
  }
  if (current !== diagram) {
    console.error(`${DIAGRAM_PATH} is stale: run npm run diagram and commit the result`);
    process.exit(1);
  }
  console.log(`${DIAGRAM_PATH} is up to date`);
} else {
  writeFileSync(DIAGRAM_PATH, diagram);
  console.log(`wrote ${DIAGRAM_PATH}`);
}
