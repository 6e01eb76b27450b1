// A connection-pooler stand-in (pgbouncer-like) for tests: a TCP proxy on 127.0.0.1 in front of the
// embedded PostgreSQL that behaves like pgbouncer (checked against pgbouncer 1.18, auth_type
// scram-sha-256 with auth_query, session and transaction pool modes: docs/architecture.md) in the
// respects rotation and the client library depend on:
//  - it reads the client's StartupMessage and refuses any parameter outside pgbouncer's default
//    set with the ErrorResponse pgbouncer sends (`unsupported startup parameter: <name>`), unless
//    listed in `ignoreStartupParameters` (pgbouncer's option of that name: dropped silently);
//  - it maps the database the client asks for (an alias, e.g. `orders`) to a server database and
//    refuses unknown ones (`no such database: <name>`), as a pgbouncer `[databases]` section does;
//  - a refused password reaches the client as pgbouncer reports it, not as PostgreSQL does:
//    FATAL with SQLSTATE 08P01 and `SASL authentication failed` (after a SCRAM exchange) or
//    `password authentication failed` (other methods), where PostgreSQL says 28P01;
//  - `refusesPasswordOf` refuses a user's password the same way before the server is asked, as
//    pgbouncer does when its static auth_file holds another password than the server's;
//  - with `transactionPooling`, at every transaction boundary (ReadyForQuery, status idle) it
//    reads what the server connection carries (`settingsToWatch`) before the client may go on:
//    in pgbouncer's transaction mode that is the moment the connection passes to another client,
//    who finds whatever session-level SET the previous one left (no server_reset_query there).
// Otherwise bytes pass through, so SCRAM authentication is the server's.
// TLS: like pgbouncer without client TLS (client_tls_sslmode = disable) it answers an SSLRequest
// with 'N' and talks plaintext to the client, and to the server (server_tls_sslmode = disable):
// secrets that go through it set `ssl: false`.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { INVALID_PASSWORD } from '../../contract/postgres-login';

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/** What pgbouncer accepts in a StartupMessage with its default configuration. */
export const POOLER_STARTUP_PARAMETERS: readonly string[] = [
  'user', 'database', 'application_name', 'client_encoding', 'datestyle', 'timezone', 'standard_conforming_strings',
];

export interface PoolerOptions {
  /** The PostgreSQL server behind the pooler. */
  readonly upstream: { readonly host: string; readonly port: number };
  /** Client database name -> server database name (pgbouncer's [databases]); others are refused. */
  readonly databases: Readonly<Record<string, string>>;
  /** Parameters dropped instead of refused (pgbouncer's ignore_startup_parameters). */
  readonly ignoreStartupParameters?: readonly string[];
  /**
   * pool_mode = transaction: read `settingsToWatch` on the server connection at every transaction
   * boundary, into `boundaries` (what the next client of a transaction pooler would find).
   */
  readonly transactionPooling?: boolean;
  /** Settings read at each boundary (default: the rotation adapter's three timeouts). */
  readonly settingsToWatch?: readonly string[];
  /**
   * Users whose password the pooler itself refuses, whatever it is, without asking the server:
   * pgbouncer with a static auth_file holding another password (verifier) than the server's.
   * Read at each login, so a test can change its answer (the operator fixed the list).
   */
  readonly refusesPasswordOf?: (user: string) => boolean;
}

/** The settings a server connection carried at one transaction boundary, by name. */
export type BoundarySettings = Readonly<Record<string, string>>;

export interface StartupSeen {
  readonly parameters: Readonly<Record<string, string>>;
  /** 'forwarded', or the error sent to the client. */
  readonly outcome: string;
}

export interface Pooler {
  readonly host: string;
  readonly port: number;
  /** Every StartupMessage received, in order. */
  readonly startups: readonly StartupSeen[];
  /** With `transactionPooling`: the watched settings at every transaction boundary, in order. */
  readonly boundaries: readonly BoundarySettings[];
  close(): Promise<void>;
}

function errorResponse(message: string, code = '08P01'): Buffer {
  const fields = Buffer.concat([
    ...(['S', 'V'] as const).map((tag) => Buffer.from(`${tag}FATAL\0`)),
    Buffer.from(`C${code}\0`),
    Buffer.from(`M${message}\0`),
    Buffer.from([0]),
  ]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

/** The fields of an ErrorResponse or NoticeResponse body, by tag (C = SQLSTATE, M = message). */
function errorFields(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of body.toString('utf8').split('\0')) if (part.length > 1) fields[part[0]!] = part.slice(1);
  return fields;
}

/** A simple-protocol Query message. */
function queryMessage(sql: string): Buffer {
  const text = Buffer.from(`${sql}\0`);
  const header = Buffer.alloc(5);
  header.write('Q', 0);
  header.writeInt32BE(text.length + 4, 1);
  return Buffer.concat([header, text]);
}

/** The text columns of a DataRow body (null as ''). */
function dataRow(body: Buffer): string[] {
  const values: string[] = [];
  let at = 2;
  for (let column = body.readInt16BE(0); column > 0; column -= 1) {
    const length = body.readInt32BE(at);
    at += 4;
    values.push(length < 0 ? '' : body.subarray(at, at + length).toString('utf8'));
    at += Math.max(length, 0);
  }
  return values;
}

const AUTHENTICATION_OK = 0;
const AUTHENTICATION_SASL = 10;
export const DEFAULT_WATCHED_SETTINGS: readonly string[] = ['statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout'];

function parseParameters(body: Buffer): Array<[string, string]> {
  const parts = body.toString('utf8').split('\0');
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < parts.length && parts[i] !== ''; i += 2) pairs.push([parts[i]!, parts[i + 1]!]);
  return pairs;
}

function startupMessage(pairs: ReadonlyArray<readonly [string, string]>): Buffer {
  const body = Buffer.from(`${pairs.map(([k, v]) => `${k}\0${v}\0`).join('')}\0`);
  const header = Buffer.alloc(8);
  header.writeInt32BE(body.length + 8, 0);
  header.writeInt32BE(PROTOCOL_3, 4);
  return Buffer.concat([header, body]);
}

export async function startPooler(options: PoolerOptions): Promise<Pooler> {
  const startups: StartupSeen[] = [];
  const boundaries: BoundarySettings[] = [];
  const watched = options.settingsToWatch ?? DEFAULT_WATCHED_SETTINGS;
  if (watched.some((name) => !/^[a-z_.]+$/.test(name))) throw new Error('pooler: settingsToWatch takes setting names only');
  const probe = queryMessage(`SELECT ${watched.map((name, i) => `current_setting('${name}') AS c${i}`).join(', ')}`);
  const sockets = new Set<Socket>();
  const ignored = new Set((options.ignoreStartupParameters ?? []).map((name) => name.toLowerCase()));
  const accepted = new Set(POOLER_STARTUP_PARAMETERS);

  const handle = (client: Socket) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 8) {
        const length = buffered.readInt32BE(0);
        if (length < 8 || length > 10_000) return client.destroy();
        if (buffered.length < length) return;
        const code = buffered.readInt32BE(4);
        const message = buffered.subarray(0, length);
        buffered = buffered.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          client.write('N');
          continue;
        }
        client.off('data', onData);
        if (code === CANCEL_REQUEST || code !== PROTOCOL_3) return client.destroy();
        return startup(client, message.subarray(8), buffered);
      }
    };
    client.on('data', onData);
  };

  const startup = (client: Socket, body: Buffer, rest: Buffer) => {
    const pairs = parseParameters(body);
    const parameters = Object.fromEntries(pairs);
    const refuse = (message: string, code?: string) => {
      startups.push({ parameters, outcome: message });
      client.end(errorResponse(message, code));
    };
    const forwarded: Array<[string, string]> = [];
    for (const [name, value] of pairs) {
      const key = name.toLowerCase();
      if (ignored.has(key)) continue;
      if (!accepted.has(key)) return refuse(`unsupported startup parameter: ${name}`);
      if (key === 'database') {
        const target = Object.hasOwn(options.databases, value) ? options.databases[value] : undefined;
        if (target === undefined) return refuse(`no such database: ${value}`, '08P01');
        forwarded.push([name, target]);
      } else forwarded.push([name, value]);
    }
    if (!forwarded.some(([name]) => name === 'database')) {
      const user = parameters.user ?? '';
      const target = Object.hasOwn(options.databases, user) ? options.databases[user] : undefined;
      if (target === undefined) return refuse(`no such database: ${user}`);
      forwarded.push(['database', target]);
    }
    if (options.refusesPasswordOf?.(parameters.user ?? '')) return refuse('SASL authentication failed');
    startups.push({ parameters, outcome: 'forwarded' });
    // TCP_NODELAY both ways, as pgbouncer sets it: with Nagle's algorithm a small message written
    // while the previous one is unacknowledged waits for the peer's delayed ACK (about 40 ms).
    const server = createConnection({ host: options.upstream.host, port: options.upstream.port, noDelay: true });
    sockets.add(server);
    server.on('close', () => {
      sockets.delete(server);
      client.destroy();
    });
    server.on('error', () => client.destroy());
    client.on('close', () => server.destroy());
    server.write(startupMessage(forwarded));
    if (rest.length > 0) server.write(rest);
    relay(client, server);
  };

  /**
   * Client bytes go to the server as they come (held while a boundary probe runs: the client
   * sends nothing but Terminate before ReadyForQuery anyway). Server messages are read one by one:
   * a refused password becomes pgbouncer's error; with transactionPooling each ReadyForQuery
   * outside a transaction is held while the probe reads the connection's settings.
   */
  const relay = (client: Socket, server: Socket) => {
    let authenticated = false;
    let sasl = false;
    let buffered = Buffer.alloc(0);
    let probing: { readonly held: Buffer; readonly fromClient: Buffer[]; row?: string[] } | undefined;
    client.on('data', (chunk: Buffer) => {
      if (probing) probing.fromClient.push(chunk);
      else server.write(chunk);
    });
    const onMessage = (message: Buffer) => {
      const type = String.fromCharCode(message[0]!);
      const body = message.subarray(5);
      if (probing) {
        if (type === 'D') probing.row = dataRow(body);
        if (type !== 'Z') return;
        const { held, fromClient, row } = probing;
        probing = undefined;
        boundaries.push(Object.fromEntries(watched.map((name, i) => [name, row?.[i] ?? ''])));
        client.write(held);
        for (const chunk of fromClient) server.write(chunk);
        return;
      }
      if (!authenticated) {
        if (type === 'R' && body.readInt32BE(0) === AUTHENTICATION_SASL) sasl = true;
        if (type === 'R' && body.readInt32BE(0) === AUTHENTICATION_OK) authenticated = true;
        if (type === 'E' && errorFields(body).C === INVALID_PASSWORD) {
          // pgbouncer checks the password itself (auth_query) and reports its own refusal.
          client.end(errorResponse(sasl ? 'SASL authentication failed' : 'password authentication failed', '08P01'));
          server.destroy();
          return;
        }
      } else if (options.transactionPooling && type === 'Z' && body[0] === 0x49 /* 'I': idle, no transaction open */) {
        probing = { held: message, fromClient: [] };
        server.write(probe);
        return;
      }
      client.write(message);
    };
    server.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 5) {
        const end = buffered.readInt32BE(1) + 1;
        if (buffered.length < end) return;
        const message = buffered.subarray(0, end);
        buffered = buffered.subarray(end);
        onMessage(message);
      }
    });
  };

  const server: Server = createServer({ noDelay: true }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('pooler: no TCP address');
  return {
    host: '127.0.0.1',
    port: address.port,
    startups,
    boundaries,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
