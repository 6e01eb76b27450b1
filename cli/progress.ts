// Progress on stderr, only when stderr is a terminal (cli-progress, loaded only then); silent otherwise.
import type { Output } from './output';

export interface Progress {
  update(value: number, total?: number): void;
  stop(): void;
}

const SILENT: Progress = { update: () => {}, stop: () => {} };

/** A counter ("listing secrets 1200") or, with a total, a bar. */
export async function startProgress(out: Output, label: string, total?: number): Promise<Progress> {
  if (!out.stderrIsTTY) return SILENT;
  const { SingleBar } = await import('cli-progress');
  const bar = new SingleBar({
    stream: out.stderr,
    format: total === undefined ? `${label} {value}` : `${label} [{bar}] {value}/{total}`,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(total ?? 0, 0);
  return {
    update: (value, newTotal) => {
      if (newTotal !== undefined) bar.setTotal(newTotal);
      bar.update(value);
    },
    stop: () => bar.stop(),
  };
}
