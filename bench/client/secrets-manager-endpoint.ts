// A loopback HTTP Secrets Manager for the client bench and the docs example test: the AWS JSON 1.1
// protocol (POST /, X-Amz-Target: secretsmanager.<Operation>, JSON body; timestamps as epoch
// seconds, blobs as base64, errors as 400 + {"__type", "message"}) in front of the in-process
// stateful double. Any SDK client (ours, Powertools', middy's) reaches it with `endpoint` set,
// or with AWS_ENDPOINT_URL_SECRETS_MANAGER. Signatures are not checked. Listens on 127.0.0.1 only.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SECRETS_MANAGER_OPERATIONS, SecretsManagerDouble, type SecretsManagerOperation } from '../../test/support/secrets-manager-double';

export interface SecretsManagerEndpoint {
  readonly url: string;
  readonly double: SecretsManagerDouble;
  close(): Promise<void>;
}

function wire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(wire);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key, v]) => key !== '$metadata' && v !== undefined).map(([key, v]) => [key, wire(v)]));
  }
  return value;
}

export async function startSecretsManagerEndpoint(double = new SecretsManagerDouble()): Promise<SecretsManagerEndpoint> {
  const operations = new Set<string>(SECRETS_MANAGER_OPERATIONS);
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': '00000000-0000-0000-0000-000000000000' });
        response.end(text);
      };
      const operation = String(request.headers['x-amz-target'] ?? '').replace(/^secretsmanager\./, '');
      if (!operations.has(operation)) {
        reply(400, { __type: 'UnknownOperationException', message: `operation ${operation} is not modelled` });
        return;
      }
      let input: Record<string, unknown>;
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
        if (typeof input.SecretBinary === 'string') input.SecretBinary = Buffer.from(input.SecretBinary, 'base64');
      } catch {
        reply(400, { __type: 'SerializationException', message: 'the body is not JSON' });
        return;
      }
      double.handle(operation as SecretsManagerOperation, input).then(
        (output) => reply(200, wire(output)),
        (error: Error) => reply(400, { __type: error.name, message: error.message }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    double,
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((error) => (error ? reject(error) : resolve()));
    }),
  };
}
