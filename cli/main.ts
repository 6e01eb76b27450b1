// The `warden` operator CLI: argument parsing (commander), global options, exit codes.
// Commands load lazily: each is a module cli/commands/<name>.ts exporting
// `register(program: Command): void`; only the module of the command named in argv is imported
// (all of them only for the top-level help), so `warden --version` loads almost nothing.
// dist/cli/main.js is this file built by scripts/build.mjs (help, `--version`, unknown commands);
// each command runs from its own bundle, dist/cli/bundles/<name>.cjs, holding this file and the
// command (cli/launcher.ts, which bin/warden.mjs runs).
import { Command, CommanderError, Option } from 'commander';
import { version } from '../package.json';
import { COMMAND_NAMES, commandNameIn, isCommandName } from './argv';
import { EXIT, exitCodeOf, formatError } from './errors';

/** Global options, on every command through `command.optsWithGlobals()`. */
export interface GlobalOptions {
  readonly env: string;
  readonly catalog?: string;
  readonly profile?: string;
  readonly region?: string;
  readonly debug?: boolean;
  /** False with --no-color. */
  readonly color: boolean;
  /** False with --no-cache (cli/cache.ts; also WARDEN_NO_CACHE=1). */
  readonly cache: boolean;
}

export interface CommandModule {
  register(program: Command): void;
}

/** A command module that is listed but not in this build (its source file is absent). */
function registerMissing(program: Command, name: string): void {
  program
    .command(name)
    .description('(not available in this build)')
    .allowUnknownOption()
    .allowExcessArguments()
    .action(() => {
      throw new CommanderError(EXIT.usage, 'warden.missingCommand', `warden: the '${name}' command is not part of this build (cli/commands/${name}.ts is missing)\n  Update the repository (git pull) and rebuild with \`npm run prepare\`.\n`);
    });
}

/** Finds a command's module by name; undefined when the command is not in this build. */
export type CommandLoader = (name: string) => Promise<CommandModule | undefined>;

async function loadCommand(name: string): Promise<CommandModule | undefined> {
  const url = new URL(`./commands/${name}.js`, import.meta.url);
  try {
    return (await import(url.href)) as CommandModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(`commands/${name}.js`)) return undefined;
    throw error;
  }
}

function buildProgram(): Command {
  const program = new Command('warden');
  program
    .description('Operate the secrets secrets-warden manages: list, read (masked), rotate, roll back, check health.')
    .version(version, '-V, --version', 'print the version and exit')
    .addOption(new Option('--env <name>', 'catalog environment to work on').default('dev'))
    .option('--catalog <path>', 'secrets catalog file', 'config/secrets.yaml')
    .option('--profile <name>', 'AWS profile (else the SDK default chain: AWS_PROFILE, SSO, environment variables)')
    .option('--region <region>', "AWS region (default: the environment's region in the catalog)")
    .option('--debug', 'print stack traces and causes on errors (never values)')
    .option('--no-color', 'no colour (also when NO_COLOR is set or stdout is not a terminal)')
    .option('--no-cache', 'ask STS for the account, parse the catalog and compile the command afresh, without the cache in ~/.cache/secrets-warden (also WARDEN_NO_CACHE=1)')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(`warden: ${text.replace(/^error: /, '')}`) })
    .addHelpText(
      'after',
      `
Examples:
  $ npx warden list --env prod --overdue
  $ npx warden get payments/db-app --env prod
  $ npx warden rotate payments/db-app --env prod --wait
  $ npx warden status --env prod --fail-on high --badge health.svg
  $ npx warden inventory --env prod --out reports/
  $ npx warden doctor --env prod

Exit codes: 0 ok, 1 something found or failed, 2 usage, 3 AWS refused or unreachable, 4 refused for safety.
Reference: docs/cli.md`,
    );
  return program;
}

const watchedStdout = new WeakSet<NodeJS.WritableStream>();

/**
 * The reader of stdout may go away before the output is written (`warden list | head`): the rest
 * of the output has nowhere to go, so it is dropped quietly (no stack trace) and the command ends
 * with its own exit code, as other CLIs do in a pipeline. Node ignores SIGPIPE, so without this the
 * write fails with EPIPE (later writes with ERR_STREAM_DESTROYED) as an unhandled 'error' event.
 * Any other stdout error stays fatal, as before.
 */
function dropOutputOnClosedStdout(stdout: NodeJS.WritableStream = process.stdout): void {
  if (watchedStdout.has(stdout)) return;
  watchedStdout.add(stdout);
  stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED') return;
    throw error;
  });
}

/** Runs the CLI on argv (without node and the script) and returns the exit code. */
export async function run(argv: readonly string[], load: CommandLoader = loadCommand): Promise<number> {
  dropOutputOnClosedStdout();
  const debug = argv.includes('--debug');
  const program = buildProgram();
  const name = commandNameIn(argv);
  const asksVersion = argv.includes('--version') || argv.includes('-V');
  const names: readonly string[] = isCommandName(name) ? [name] : name === undefined && asksVersion ? [] : COMMAND_NAMES;
  try {
    for (const commandName of names) {
      const module = await load(commandName);
      if (module) module.register(program);
      else registerMissing(program, commandName);
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'warden.missingCommand') process.stderr.write(error.message);
      // Help and --version exit 0; any other parse error is a usage error (commander printed it).
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    process.stderr.write(formatError(error, debug));
    return exitCodeOf(error);
  }
}
