// A connection-pooler stand-in (pgbouncer-like) for tests: a TCP proxy on 127.0.0.1 in front of the
// embedded PostgreSQL that behaves like pgbouncer in the two respects rotation depends on:
//  - it reads the client's StartupMessage and refuses any parameter outside pgbouncer's default
//    set with the ErrorResponse pgbouncer sends (`unsupported startup parameter: <name>`), unless
//    listed in `ignoreStartupParameters` (pgbouncer's option of that name: dropped silently);
//  - it maps the database the client asks for (an alias, e.g. `orders`) to a server database and
//    refuses unknown ones (`no such database: <name>`), as a pgbouncer `[databases]` section does.
// After the StartupMessage it pipes bytes both ways, so SCRAM authentication passes through.
// TLS: like pgbouncer without client TLS (client_tls_sslmode = disable) it answers an SSLRequest
// with 'N' and talks plaintext to the client, and to the server (server_tls_sslmode = disable):
// secrets that go through it set `ssl: false`.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

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
}

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
    startups.push({ parameters, outcome: 'forwarded' });
    const server = createConnection({ host: options.upstream.host, port: options.upstream.port });
    sockets.add(server);
    server.on('close', () => {
      sockets.delete(server);
      client.destroy();
    });
    server.on('error', () => client.destroy());
    client.on('close', () => server.destroy());
    server.write(startupMessage(forwarded));
    if (rest.length > 0) server.write(rest);
    client.pipe(server);
    server.pipe(client);
  };

  const server: Server = createServer(handle);
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
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
