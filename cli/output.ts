// Output for people and for scripts. Tables (cli-table3) and colour (picocolors) for people,
// only when stdout is a terminal and colour is wanted (NO_COLOR honoured, --no-color); `--json`
// writes one JSON document with a stable, documented shape (docs/cli.md). Progress and warnings
// go to stderr so stdout stays parseable. cli-table3 loads on the first table: `--json` and
// commands without tables never load it.
import pc from 'picocolors';

export interface OutputStreams {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export type Colors = ReturnType<typeof pc.createColors>;

export class Output {
  readonly color: Colors;
  readonly colorEnabled: boolean;

  constructor(
    private readonly streams: OutputStreams = { stdout: process.stdout, stderr: process.stderr, env: process.env },
    options: { color?: boolean } = {},
  ) {
    const noColor = streams.env.NO_COLOR !== undefined && streams.env.NO_COLOR !== '';
    this.colorEnabled = options.color !== false && !noColor && streams.stdout.isTTY === true;
    this.color = pc.createColors(this.colorEnabled);
  }

  /** stdout is a terminal (a person is reading). */
  get isTTY(): boolean {
    return this.streams.stdout.isTTY === true;
  }

  /** stderr is a terminal (progress bars may draw). */
  get stderrIsTTY(): boolean {
    return this.streams.stderr.isTTY === true;
  }

  get stderr(): NodeJS.WritableStream {
    return this.streams.stderr;
  }

  /** A line on stdout. */
  line(text = ''): void {
    this.streams.stdout.write(`${text}\n`);
  }

  /** A note for the person (stderr): never part of the machine-readable output. */
  note(text: string): void {
    this.streams.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.streams.stderr.write(`${this.color.yellow('warning:')} ${text}\n`);
  }

  /** The stable JSON document of a command (pretty-printed, one trailing newline). */
  json(value: unknown): void {
    this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  }

  /** A table for people; cells are plain strings (colour applied by the caller through `color`). */
  async table(head: readonly string[], rows: readonly (readonly string[])[]): Promise<void> {
    const { default: Table } = await import('cli-table3');
    const table = new Table({
      head: head.map((h) => this.color.bold(h)),
      style: { head: [], border: [], compact: true },
      chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    });
    for (const row of rows) table.push([...row]);
    this.line(table.toString());
  }

  /** Key/value pairs, aligned (for `get`, `doctor`). */
  pairs(rows: readonly (readonly [string, string])[]): void {
    const width = Math.max(0, ...rows.map(([key]) => key.length));
    for (const [key, value] of rows) this.line(`${this.color.dim(key.padEnd(width))}  ${value}`);
  }
}
