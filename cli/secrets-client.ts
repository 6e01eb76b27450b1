// The Secrets Manager client of a session and the account's secret names for "did you mean": what
// `get`, `history`, `rotate` and `rollback` need, without the rulebook and the inventory's record
// builder that `list` and `status` load (cli/secrets.ts), so those commands start faster.
import { ListSecretsCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Session } from './context';

export function secretsManagerClient(session: Session): SecretsManagerClient {
  return new SecretsManagerClient(session.config);
}

/** Names of the account's secrets (for "did you mean"), at most `limit` of them. */
export async function accountSecretNames(client: SecretsManagerClient, limit = 2000): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  try {
    do {
      const page = await client.send(new ListSecretsCommand({ MaxResults: 100, NextToken: token }));
      names.push(...(page.SecretList ?? []).map((s) => s.Name ?? '').filter(Boolean));
      token = page.NextToken;
    } while (token && names.length < limit);
  } catch {
    // Suggestions are a courtesy: without ListSecrets the catalog names still help.
  }
  return names;
}
