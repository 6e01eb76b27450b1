// `warden catalog check` and `warden catalog diagram`: the catalog's own loader and diagram
// renderer (lib/catalog), the same ones synth and `npm run diagram` use.
import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import { acceptanceActive, acceptedTarget } from '../../contract/acceptance';
import { DIAGRAM_PATH, renderDiagram } from '../../lib/catalog/diagram';
import { catalogPathOf, loadCliCatalog } from '../context';
import { Output } from '../output';

export function register(program: Command): void {
  const catalog = program.command('catalog').description('check the secrets catalog or draw its diagram');
  catalog
    .command('check')
    .description('validate the catalog file: every problem as file:line, like synth')
    .option('--json', 'machine-readable result')
    .addHelpText('after', '\nExample:\n  $ npx warden catalog check --catalog config/secrets.yaml')
    .action(async (options: { json?: boolean }, command: Command) => {
      const path = catalogPathOf(command);
      const parsed = await loadCliCatalog(path);
      const out = new Output(undefined, { color: command.optsWithGlobals().color as boolean });
      const environments = parsed.environments.map((e) => ({ name: e.name, account: e.account ?? null, secrets: parsed.forEnvironment(e.name).secrets.length }));
      // A past expiry is valid (the entry stays as a record), but the finding is open again: say so.
      const now = new Date();
      const expired = parsed.environments.flatMap((e) =>
        (parsed.forEnvironment(e.name).acceptances ?? []).filter((a) => !acceptanceActive(a, now)).map((a) => ({ secret: a.secret, accepts: acceptedTarget(a), owner: a.owner, expires: a.expires })),
      );
      if (options.json) out.json({ catalog: path, valid: true, environments, expiredAcceptances: expired });
      else {
        out.line(`${out.color.green('ok')} ${path}: ${environments.map((e) => `${e.name} (${e.secrets} secrets)`).join(', ')}`);
        for (const a of expired) {
          out.line(`${out.color.yellow('expired')} accept: ${a.accepts} on ${a.secret} (owner ${a.owner}) expired on ${a.expires}: it is a finding again; renew it with a new expires date or remove the entry`);
        }
      }
    });
  catalog
    .command('diagram')
    .description(`write the Mermaid diagram of who reads and rotates what (${DIAGRAM_PATH})`)
    .option('--out <file>', 'where to write it; - for stdout', DIAGRAM_PATH)
    .addHelpText('after', '\nExample:\n  $ npx warden catalog diagram --out -')
    .action(async (options: { out: string }, command: Command) => {
      const path = catalogPathOf(command);
      const text = renderDiagram(await loadCliCatalog(path), path);
      if (options.out === '-') process.stdout.write(text);
      else {
        writeFileSync(options.out, text);
        process.stderr.write(`wrote ${options.out}\n`);
      }
    });
}
