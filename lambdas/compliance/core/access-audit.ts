// Who read which secret over the report period, aggregated from the CloudTrail events the trail
// reader kept. Pure: the same events and catalog give the same audit.

import type { SecretRecord } from '../../../contract/inventory';
import type { AccessEvent } from './access-events';
import type { AccessRead } from './trail-reader';
import type { ComplianceCatalog } from './types';

interface PrincipalCount {
  readonly principal: string;
  readonly count: number;
}

interface FailedAttempts extends PrincipalCount {
  readonly errorCodes: readonly string[];
}

interface SecretAccess {
  /** The secret's ARN when the inventory knows it, otherwise the SecretId the callers used. */
  readonly secret: string;
  readonly name: string;
  /** The catalog declares readers for it, so unexpected readers can be judged. */
  readonly inCatalog: boolean;
  /** Successful GetSecretValue calls by principal. */
  readonly reads: readonly PrincipalCount[];
  /** Calls refused with AccessDenied*, any operation, by principal. */
  readonly failedAttempts: readonly FailedAttempts[];
  /** Successful reads by principals that are neither its catalog readers nor trusted (admin, rotation). */
  readonly unexpectedReaders: readonly PrincipalCount[];
  /** Reads (successful or refused) by principals the catalog gives to another environment. */
  readonly otherEnvironmentReaders: readonly PrincipalCount[];
  /** GetSecretValue calls on the secret while it was scheduled for deletion. */
  readonly readsWhileMarkedForDeletion: number;
}

/** How the trail was read (counts, truncation, error), as `readAccessEvents` reported it, plus the aggregation. */
export interface AccessAudit extends Omit<AccessRead, 'events'> {
  readonly period: { readonly start: string; readonly end: string };
  /** False when the trail could not be read at all: per-secret access controls are then not applicable. */
  readonly available: boolean;
  readonly totals: { readonly reads: number; readonly failedAttempts: number; readonly unexpectedReads: number; readonly readsWhileMarkedForDeletion: number };
  readonly secrets: readonly SecretAccess[];
}

// BatchGetSecretValue writes a GetSecretValue entry per secret it returns (API reference,
// BatchGetSecretValue), so counting GetSecretValue alone counts every read exactly once.
const READ_EVENTS = new Set(['GetSecretValue']);
const isAccessDenied = (code: string | null): code is string => code !== null && code.startsWith('AccessDenied');

/** `arn:…:secret:name-AbCdEf` -> `arn:…:secret:name`: Secrets Manager appends 6 random characters to every secret ARN. */
const partialArn = (arn: string): string => arn.replace(/-[A-Za-z0-9]{6}$/, '');

/** Resolves a SecretId as callers write it (name, partial ARN, full ARN) to the inventory's record. */
export function secretResolver(records: readonly SecretRecord[]): (secretId: string) => SecretRecord | undefined {
  const byKey = new Map<string, SecretRecord>();
  for (const record of records) {
    byKey.set(record.name, record);
    byKey.set(partialArn(record.arn), record);
  }
  for (const record of records) byKey.set(record.arn, record);
  return (secretId) => byKey.get(secretId) ?? byKey.get(partialArn(secretId));
}

class Counter {
  private readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  list(): PrincipalCount[] {
    return [...this.counts].map(([principal, count]) => ({ principal, count })).sort((a, b) => b.count - a.count || a.principal.localeCompare(b.principal));
  }
}

interface SecretTally {
  secret: string;
  name: string;
  inCatalog: boolean;
  reads: Counter;
  failed: Counter;
  failedCodes: Map<string, Set<string>>;
  unexpected: Counter;
  otherEnvironment: Counter;
  markedForDeletion: number;
}

export function aggregateAccess(read: AccessRead, period: { start: Date; end: Date }, catalog: ComplianceCatalog, records: readonly SecretRecord[]): AccessAudit {
  const resolve = secretResolver(records);
  const otherEnvironment = new Set(catalog.otherEnvironmentPrincipals);
  const trusted = new Set(catalog.trustedPrincipals);
  const tallies = new Map<string, SecretTally>();

  const tallyFor = (event: AccessEvent & { secretId: string }): SecretTally => {
    const record = resolve(event.secretId);
    const key = record?.arn ?? event.secretId;
    let tally = tallies.get(key);
    if (!tally) {
      const name = record?.name ?? event.secretId;
      tally = {
        secret: key,
        name,
        inCatalog: Object.hasOwn(catalog.readers, name),
        reads: new Counter(),
        failed: new Counter(),
        failedCodes: new Map(),
        unexpected: new Counter(),
        otherEnvironment: new Counter(),
        markedForDeletion: 0,
      };
      tallies.set(key, tally);
    }
    return tally;
  };

  for (const event of read.events) {
    if (event.secretId === null) continue;
    const tally = tallyFor(event as AccessEvent & { secretId: string });
    const isRead = READ_EVENTS.has(event.eventName);
    if (isRead && otherEnvironment.has(event.principal)) tally.otherEnvironment.add(event.principal);
    if (isAccessDenied(event.errorCode)) {
      tally.failed.add(event.principal);
      const codes = tally.failedCodes.get(event.principal) ?? new Set<string>();
      codes.add(event.errorCode);
      tally.failedCodes.set(event.principal, codes);
      continue;
    }
    if (!isRead) continue;
    if (event.markedForDeletion) {
      tally.markedForDeletion += 1;
      continue;
    }
    if (event.errorCode !== null) continue;
    tally.reads.add(event.principal);
    const readers = catalog.readers[tally.name];
    if (readers !== undefined && !readers.includes(event.principal) && !trusted.has(event.principal)) tally.unexpected.add(event.principal);
  }

  const secrets: SecretAccess[] = [...tallies.values()]
    .map((t) => ({
      secret: t.secret,
      name: t.name,
      inCatalog: t.inCatalog,
      reads: t.reads.list(),
      failedAttempts: t.failed.list().map((f) => ({ ...f, errorCodes: [...(t.failedCodes.get(f.principal) ?? [])].sort() })),
      unexpectedReaders: t.unexpected.list(),
      otherEnvironmentReaders: t.otherEnvironment.list(),
      readsWhileMarkedForDeletion: t.markedForDeletion,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

  const sum = (pick: (s: SecretAccess) => number): number => secrets.reduce((n, s) => n + pick(s), 0);
  const total = (list: readonly PrincipalCount[]): number => list.reduce((n, p) => n + p.count, 0);
  return {
    period: { start: period.start.toISOString(), end: period.end.toISOString() },
    // Stopped before reading anything: no basis to judge who read what.
    available: read.eventsRead > 0 || !read.truncated,
    eventsRead: read.eventsRead,
    unparsableEvents: read.unparsableEvents,
    requests: read.requests,
    throttledRequests: read.throttledRequests,
    truncated: read.truncated,
    truncatedReason: read.truncatedReason,
    error: read.error,
    totals: {
      reads: sum((s) => total(s.reads)),
      failedAttempts: sum((s) => total(s.failedAttempts)),
      unexpectedReads: sum((s) => total(s.unexpectedReaders)),
      readsWhileMarkedForDeletion: sum((s) => s.readsWhileMarkedForDeletion),
    },
    secrets,
  };
}
