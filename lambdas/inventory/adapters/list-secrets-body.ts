// A lighter reading of a successful ListSecrets answer. The SDK's schema-driven JSON deserializer
// walks every member of every SecretListEntry through generic schema code: for 1,000 secrets that
// is about 90 ms of cold code (and much of the garbage) in a `warden list` whose whole budget is
// about 450 ms. ListSecrets is AWS JSON 1.1 (a JSON object; SecretListEntry's dates are epoch
// seconds, the protocol's default timestamp format, every other member passes through as JSON
// gives it), so for a 2xx answer JSON.parse, leaving out an entry's null members (moto sends them)
// and turning the six dates into Dates is the same result, except that a null inside a member
// (a rotation rule, a tag's Value), which the SDK also drops, stays null: toListing reads those
// with `??` and `!= null`. Everything else stays the SDK's: signing, retries, throttling and error
// answers (any non-2xx goes to the SDK's deserializer untouched), and any 2xx body this reading
// does not recognise (not JSON, SecretList not a list, a date that is not a number) is handed back
// to the SDK's deserializer as it came.
import type { ListSecretsCommand, ListSecretsResponse, SecretListEntry } from '@aws-sdk/client-secrets-manager';

/** SecretListEntry's timestamp members (Secrets Manager API Reference, SecretListEntry). */
const DATE_MEMBERS = ['LastRotatedDate', 'LastChangedDate', 'LastAccessedDate', 'DeletedDate', 'NextRotationDate', 'CreatedDate'] as const;

/** An epoch-seconds timestamp as the SDK reads it (a number, or a number in a string); undefined when it is neither. */
function epochSeconds(value: unknown): Date | undefined {
  const seconds = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(seconds) ? new Date(Math.round(seconds * 1000)) : undefined;
}

/** The page a ListSecrets 2xx body holds, or undefined when the body is not the shape this reads (the SDK then reads it). */
export function readListSecretsBody(text: string): Pick<ListSecretsResponse, 'SecretList' | 'NextToken'> | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const { SecretList: list, NextToken: token } = body as { SecretList?: unknown; NextToken?: unknown };
  if (list != null && !Array.isArray(list)) return undefined;
  if (token != null && typeof token !== 'string') return undefined;
  const entries = (list ?? []) as Record<string, unknown>[];
  for (const entry of entries) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return undefined;
    // The SDK leaves out null members; AWS sends none, moto sends every member it lacks as null
    // (KmsKeyId, LastAccessedDate, DeletedDate...).
    for (const member in entry) if (entry[member] === null) delete entry[member];
    for (const member of DATE_MEMBERS) {
      const value = entry[member];
      if (value === undefined) continue;
      const date = epochSeconds(value);
      if (!date) return undefined;
      entry[member] = date;
    }
  }
  return { SecretList: entries as SecretListEntry[], ...(token != null && { NextToken: token }) };
}

interface RawResponse {
  statusCode?: number;
  body?: unknown;
}

async function bodyBytes(body: unknown): Promise<Buffer | undefined> {
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body === null || typeof body !== 'object' || !(Symbol.asyncIterator in body)) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/**
 * Adds the lighter reading to one ListSecretsCommand. Its output is the same as ever (SecretList,
 * NextToken and $metadata), whichever deserializer read it, so a wrapper of `client.send` sees the
 * page as usual; with a mocked client (no HTTP exchange) nothing changes.
 */
export function readListSecretsLightly(command: ListSecretsCommand): void {
  let page: Pick<ListSecretsResponse, 'SecretList' | 'NextToken'> | undefined;
  command.middlewareStack.add(
    (next) => async (args) => {
      page = undefined;
      const result = await next(args);
      const response = result.response as RawResponse;
      if (response.statusCode === undefined || response.statusCode < 200 || response.statusCode >= 300) return result;
      const bytes = await bodyBytes(response.body);
      if (bytes === undefined) return result;
      page = readListSecretsBody(bytes.toString('utf8'));
      // Read: the SDK's deserializer gets an empty body (only $metadata). Not read: the bytes as they came.
      response.body = page ? new Uint8Array(0) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      return result;
    },
    // The deserialize step, inside the SDK's deserializer: this sees the raw HTTP answer first.
    { step: 'deserialize', priority: 'low', name: 'wardenListSecretsBody' },
  );
  command.middlewareStack.add(
    (next) => async (args) => {
      const result = await next(args);
      if (page) result.output = { ...result.output, ...page };
      return result;
    },
    // The outermost step: the page joins the command's output before send() returns it.
    { step: 'initialize', priority: 'low', name: 'wardenListSecretsPage' },
  );
}
