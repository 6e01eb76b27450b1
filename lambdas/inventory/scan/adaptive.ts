// Bounded concurrency that shrinks on throttling and grows back on success (additive increase,
// multiplicative decrease), with jittered exponential backoff before each retry. Secrets Manager
// answers ThrottlingException when a per-region rate quota is exceeded (GetResourcePolicy: 50
// requests per second, not adjustable), so a fixed concurrency would either crawl or keep hitting it.

import { ThrottledError } from '../ports';

interface AdaptiveLimiterOptions {
  readonly initial: number;
  readonly min?: number;
  readonly max: number;
  /** Attempts per call before giving up (the caller records the failure). */
  readonly maxAttempts?: number;
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

export class AdaptiveLimiter {
  private limitValue: number;
  private inFlight = 0;
  private successes = 0;
  private readonly waiting: (() => void)[] = [];
  throttles = 0;

  constructor(private readonly options: AdaptiveLimiterOptions) {
    this.limitValue = Math.max(options.min ?? 1, Math.min(options.initial, options.max));
  }

  get limit(): number {
    return this.limitValue;
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    const maxAttempts = this.options.maxAttempts ?? 8;
    for (let attempt = 1; ; attempt += 1) {
      await this.acquire();
      try {
        const result = await call();
        this.onSuccess();
        return result;
      } catch (error) {
        if (!(error instanceof ThrottledError)) throw error;
        this.onThrottle();
        if (attempt >= maxAttempts) throw error;
        await this.options.sleep(this.backoff(attempt));
      } finally {
        this.release();
      }
    }
  }

  private backoff(attempt: number): number {
    const base = this.options.baseDelayMs ?? 100;
    const cap = this.options.maxDelayMs ?? 10_000;
    // Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
    return Math.round((this.options.random ?? Math.random)() * Math.min(cap, base * 2 ** attempt));
  }

  private onSuccess(): void {
    this.successes += 1;
    if (this.successes >= this.limitValue && this.limitValue < this.options.max) {
      this.limitValue += 1;
      this.successes = 0;
      this.wake();
    }
  }

  private onThrottle(): void {
    this.throttles += 1;
    this.successes = 0;
    this.limitValue = Math.max(this.options.min ?? 1, Math.floor(this.limitValue / 2));
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.limitValue) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.inFlight += 1;
      resolve();
    }));
  }

  private release(): void {
    this.inFlight -= 1;
    this.wake();
  }

  private wake(): void {
    while (this.inFlight < this.limitValue && this.waiting.length > 0) this.waiting.shift()!();
  }
}
