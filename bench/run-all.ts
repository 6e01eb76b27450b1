// npm run bench: every benchmark, one after the other, each in a process of its own (as
// `npm run bench:<name>` runs it), so one's memory and warm caches do not colour the next.
// Each prints its own Markdown table; a failing bench stops the run with its exit code.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';

const benches = readdirSync('bench', { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(`bench/${entry.name}/run.ts`))
  .map((entry) => entry.name)
  .sort();

for (const name of benches) {
  process.stdout.write(`\n## bench:${name}\n\n`);
  const { status } = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}/run.ts`], { stdio: 'inherit' });
  if (status !== 0) {
    process.stderr.write(`bench:${name} exited with ${status}; run \`npm run bench:${name}\` alone to see why\n`);
    process.exit(status ?? 1);
  }
}
