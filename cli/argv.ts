// What the CLI needs to know about argv before commander parses it: the command's name (so only
// its module is loaded, cli/main.ts, and only its bundle, cli/launcher.ts) and whether the cache
// is turned off for this run. Kept apart from main.ts so the launcher reads it without commander.

/** Every command, in help order. `scan` is the repository scanner's (cli/commands/scan.ts). */
export const COMMAND_NAMES = ['list', 'get', 'rotate', 'rollback', 'status', 'history', 'inventory', 'report', 'catalog', 'doctor', 'scan'] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Global options that take a value: skipped when looking for the command name in argv. */
const VALUED_GLOBALS = new Set(['--env', '--catalog', '--profile', '--region']);

/** The first positional argument (the command's name), skipping global options and their values. */
export function commandNameIn(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1];
    if (VALUED_GLOBALS.has(arg)) {
      i += 1;
      continue;
    }
    if (!arg.startsWith('-')) return arg;
  }
  return undefined;
}

/** Whether `name` is one of warden's commands. */
export const isCommandName = (name: string | undefined): name is CommandName => (COMMAND_NAMES as readonly (string | undefined)[]).includes(name);

/** The command in argv when it is one of warden's commands (not a typo, not help or --version alone). */
export function knownCommandIn(argv: readonly string[]): CommandName | undefined {
  const name = commandNameIn(argv);
  return isCommandName(name) ? name : undefined;
}

/** `--no-cache` among the options (before any `--`, after which everything is an argument). */
export function asksNoCache(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--no-cache');
}
