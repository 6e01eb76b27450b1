// Setup file of the 'in-process' vitest project (vitest.config.ts). Its files share a worker's
// modules, so what one file leaves behind reaches the next. Each file undoes its own changes; this
// is the safety net after the file's own hooks (after-hooks run in reverse order, so this one last):
// spies put back, stubbed environment variables and globals removed, real timers.
import { afterAll, vi } from 'vitest';

afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});
