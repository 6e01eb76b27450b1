// Pages through CloudTrail LookupEvents within its quota: "The rate of lookup requests is limited
// to two per second, per account, per Region. If this limit is exceeded, a throttling error occurs."
// (CloudTrail API Reference, LookupEvents). Requests are spaced, throttling is backed off
// exponentially with jitter, and the whole read is bounded by a time budget and an event count so a
// busy account yields a partial, honestly labelled audit instead of a timed-out Lambda.

import { describeError } from '../../shared/errors';
import { parseAccessEvent, type AccessEvent } from './access-events';
import { isThrottling } from '../../shared/throttling';

export interface LookupRequest {
  readonly startTime: Date;
  readonly endTime: Date;
  readonly nextToken?: string;
}

export interface LookupPage {
  /** Each event's CloudTrailEvent JSON string, as LookupEvents returns it. */
  readonly events: readonly string[];
  readonly nextToken?: string;
}

/** One LookupEvents call filtered on EventSource = secretsmanager.amazonaws.com (adapter: adapters/cloudtrail-lookup.ts). */
export interface TrailLookup {
  page(request: LookupRequest): Promise<LookupPage>;
}

/** Time as the reader sees it; tests advance a fake clock inside sleep() instead of waiting. */
export interface Pacing {
  now(): number;
  sleep(ms: number): Promise<void>;
  /** Uniform in [0, 1): jitter so concurrent callers of the account's quota do not retry in step. */
  random(): number;
}

export interface ReadBounds {
  /** Stop starting requests once this much time has passed (leave room to render and write). */
  readonly timeBudgetMs: number;
  /** Stop after this many events. */
  readonly maxEvents: number;
  /** Minimum spacing between request starts: 500 ms keeps within 2 requests per second. */
  readonly minIntervalMs?: number;
  /** Attempts per page before giving up on throttling. */
  readonly maxAttempts?: number;
  readonly baseBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

type TruncatedReason = 'time-budget' | 'max-events' | 'throttling' | 'error';

export interface AccessRead {
  readonly events: AccessEvent[];
  /** Events returned by CloudTrail, parsable or not. */
  readonly eventsRead: number;
  readonly unparsableEvents: number;
  readonly requests: number;
  readonly throttledRequests: number;
  /** More events exist in the period than were read. */
  readonly truncated: boolean;
  readonly truncatedReason: TruncatedReason | null;
  /** What stopped the read when it was an error other than throttling. */
  readonly error: string | null;
}

export async function readAccessEvents(lookup: TrailLookup, pacing: Pacing, period: { start: Date; end: Date }, bounds: ReadBounds): Promise<AccessRead> {
  const minInterval = bounds.minIntervalMs ?? 500;
  const maxAttempts = bounds.maxAttempts ?? 8;
  const baseBackoff = bounds.baseBackoffMs ?? 1000;
  const maxBackoff = bounds.maxBackoffMs ?? 20_000;
  const started = pacing.now();
  const deadline = started + bounds.timeBudgetMs;

  const events: AccessEvent[] = [];
  let eventsRead = 0;
  let unparsable = 0;
  let requests = 0;
  let throttled = 0;
  let lastRequestAt: number | null = null;
  let nextToken: string | undefined;
  let reason: TruncatedReason | null = null;
  let error: string | null = null;

  const result = (): AccessRead => ({ events, eventsRead, unparsableEvents: unparsable, requests, throttledRequests: throttled, truncated: reason !== null, truncatedReason: reason, error });

  /** Waits until `at`, or reports false when that is past the budget. */
  const waitUntil = async (at: number): Promise<boolean> => {
    if (at >= deadline) return false;
    const wait = at - pacing.now();
    if (wait > 0) await pacing.sleep(wait);
    return true;
  };

  do {
    if (eventsRead >= bounds.maxEvents) {
      reason = 'max-events';
      return result();
    }
    let page: LookupPage | undefined;
    for (let attempt = 1; page === undefined; attempt += 1) {
      const earliest = lastRequestAt === null ? pacing.now() : Math.max(pacing.now(), lastRequestAt + minInterval);
      if (!(await waitUntil(earliest))) {
        reason = 'time-budget';
        return result();
      }
      lastRequestAt = pacing.now();
      requests += 1;
      try {
        page = await lookup.page({ startTime: period.start, endTime: period.end, nextToken });
      } catch (caught) {
        if (!isThrottling(caught)) {
          reason = 'error';
          error = describeError(caught);
          return result();
        }
        throttled += 1;
        if (attempt >= maxAttempts) {
          reason = 'throttling';
          return result();
        }
        // Exponential backoff with "equal jitter": half fixed, half random.
        const ceiling = Math.min(maxBackoff, baseBackoff * 2 ** (attempt - 1));
        const backoff = ceiling / 2 + pacing.random() * (ceiling / 2);
        if (!(await waitUntil(pacing.now() + backoff))) {
          reason = 'time-budget';
          return result();
        }
      }
    }
    for (const raw of page.events) {
      if (eventsRead >= bounds.maxEvents) {
        reason = 'max-events';
        return result();
      }
      eventsRead += 1;
      const parsed = parseAccessEvent(raw);
      if (parsed) events.push(parsed);
      else unparsable += 1;
    }
    nextToken = page.nextToken;
  } while (nextToken);
  return result();
}
