// translateAwsError: an answer the SDK cannot read at all (a compatible server's HTML error page for
// an operation it does not serve, as moto answers CloudTrail LookupEvents) becomes an error that
// names the call and what to check, not the SDK's "inspect the hidden field {error}.$response".
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { describe, expect, it } from 'vitest';
import { callAws, translateAwsError } from '../../../cli/aws';
import { CliError } from '../../../cli/errors';

function clientAnswering(statusCode: number, contentType: string, body: string): SecretsManagerClient {
  return new SecretsManagerClient({
    region: 'eu-west-1',
    credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
    maxAttempts: 1,
    requestHandler: { handle: async () => ({ response: { statusCode, headers: { 'content-type': contentType }, body: Buffer.from(body) } }) },
  });
}

describe('an answer the SDK cannot read', () => {
  it('names the call, the status and the content type, and says to check the endpoint', async () => {
    const client = clientAnswering(500, 'text/html; charset=utf-8', '<!doctype html><title>500 Internal Server Error</title>');
    const error = await callAws('secretsmanager:ListSecrets', 'account 111111111111', () => client.send(new ListSecretsCommand({}))).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).message).toBe('the answer to secretsmanager:ListSecrets on account 111111111111 is not one AWS sends (HTTP 500, text/html; charset=utf-8)');
    expect((error as CliError).message).not.toContain('$response');
    expect((error as CliError).hint).toMatch(/AWS_ENDPOINT_URL/);
    expect((error as Error).cause).toBeInstanceOf(Error);
  });

  it('leaves a service error the SDK did read to the caller', async () => {
    const client = clientAnswering(400, 'application/x-amz-json-1.1', JSON.stringify({ __type: 'ResourceNotFoundException', message: 'no such secret' }));
    const error = await client.send(new ListSecretsCommand({})).catch((e: unknown) => e);
    expect(translateAwsError(error, 'secretsmanager:ListSecrets', 'x')).toBeUndefined();
  });
});
