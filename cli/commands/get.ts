// `warden get NAME`: masked by default (keys, lengths, fingerprints, version and stages);
// the value only with --reveal. Fingerprints are the inventory's (redactCredential): the same
// value shows the same 16 hex characters in `get`, the inventory report and the scanner.
import type { Command } from 'commander';
import { GetSecretValueCommand, DescribeSecretCommand, type GetSecretValueCommandOutput } from '@aws-sdk/client-secrets-manager';
import { stageToRead } from '../../contract/secret-version';
import { redactCredential } from '../../lambdas/shared/fingerprint';
import { callAws } from '../aws';
import { openSession, resolveName, unknownSecret, type Session } from '../context';
import { failedError, usageError } from '../errors';
import { accountSecretNames, secretsManagerClient } from '../secrets-client';

interface GetOptions {
  reveal?: boolean;
  field?: string;
  stage?: string;
  versionId?: string;
  json?: boolean;
}

export interface MaskedField {
  key: string;
  type: string;
  length: number;
  fingerprint: string;
}

/** What `get` shows without --reveal (docs/cli.md). */
export interface MaskedSecret {
  name: string;
  arn: string | null;
  versionId: string | null;
  stages: string[];
  createdDate: string | null;
  format: 'json' | 'text' | 'binary';
  length: number;
  fingerprint: string;
  fields: MaskedField[];
}

function mask(value: string): { length: number; fingerprint: string } {
  const { length, fingerprint } = redactCredential(value);
  return { length, fingerprint };
}

function maskSecret(out: GetSecretValueCommandOutput): MaskedSecret {
  const base = { name: out.Name ?? '', arn: out.ARN ?? null, versionId: out.VersionId ?? null, stages: out.VersionStages ?? [], createdDate: out.CreatedDate?.toISOString() ?? null };
  if (out.SecretString === undefined) {
    const bytes = Buffer.from(out.SecretBinary ?? new Uint8Array());
    return { ...base, format: 'binary', ...mask(bytes.toString('base64')), length: bytes.length, fields: [] };
  }
  const parsed = parseObject(out.SecretString);
  const fields = parsed
    ? Object.entries(parsed).map(([key, v]) => {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        return { key, type: v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v, ...mask(text) };
      })
    : [];
  return { ...base, format: parsed ? 'json' : 'text', ...mask(out.SecretString), fields };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

async function read(session: Session, name: string, options: GetOptions): Promise<GetSecretValueCommandOutput> {
  const client = secretsManagerClient(session);
  const { stored } = resolveName(session.view, name);
  // AWSCURRENT by name when neither is given, never the API's default (contract/secret-version.ts).
  const stage = stageToRead(options.stage, options.versionId);
  try {
    return await callAws('secretsmanager:GetSecretValue', stored, () =>
      client.send(new GetSecretValueCommand({ SecretId: stored, VersionStage: stage, VersionId: options.versionId })),
    );
  } catch (error) {
    if ((error as Error).name !== 'ResourceNotFoundException') throw error;
    // The secret may exist without the asked stage or version.
    const exists = await client.send(new DescribeSecretCommand({ SecretId: stored })).then((d) => d, () => undefined);
    if (exists) {
      const stages = Object.entries(exists.VersionIdsToStages ?? {}).map(([id, s]) => `${id}: ${s.join(',')}`).join('; ');
      throw failedError(
        `${stored} has no ${options.versionId ? `version ${options.versionId}` : ''}${options.versionId && stage ? ' with ' : ''}${stage ? `stage ${stage}` : ''} with a value`,
        `Its versions: ${stages || 'none'}. \`npx warden history ${name}\` shows them with dates.`,
        error,
      );
    }
    throw unknownSecret(session, name, await accountSecretNames(client), error);
  }
}

export function register(program: Command): void {
  program
    .command('get')
    .description('show a secret masked: its JSON keys, each value\'s length and fingerprint, version and stages')
    .argument('<name>', 'catalog name (payments/db-app), stored name (prod/payments/db-app) or ARN')
    .option('--reveal', 'print the value itself (a warning is shown on a terminal)')
    .option('--field <key>', 'with --reveal: print only this JSON key\'s value')
    .option('--stage <label>', 'read this staging label (AWSPREVIOUS, AWSPENDING)')
    .option('--version-id <id>', 'read this version')
    .option('--json', 'machine-readable output (docs/cli.md)')
    .addHelpText('after', '\nExamples:\n  $ npx warden get payments/db-app --env prod\n  $ npx warden get payments/db-app --env prod --stage AWSPREVIOUS\n  $ npx warden get api/token --reveal --field token | pbcopy')
    .action(async (name: string, options: GetOptions, command: Command) => {
      if (options.field && !options.reveal) throw usageError('--field needs --reveal', 'Add --reveal to print that field, or drop --field for the masked view.');
      if (options.stage && !/^[A-Za-z0-9_.-]{1,256}$/.test(options.stage)) throw usageError(`--stage ${options.stage}: not a staging label`, 'Use AWSCURRENT, AWSPREVIOUS or AWSPENDING.');
      const session = await openSession(command);
      const { out } = session;
      const value = await read(session, name, options);
      const masked = maskSecret(value);
      if (options.reveal) {
        let text: string;
        if (options.field) {
          const parsed = value.SecretString === undefined ? undefined : parseObject(value.SecretString);
          if (!parsed) throw failedError(`${masked.name} is not a JSON object: it has no field ${options.field}`, 'Drop --field to print the whole value.');
          if (!(options.field in parsed)) {
            throw failedError(`${masked.name} has no field ${options.field}`, `Its fields: ${Object.keys(parsed).join(', ') || 'none'}.`);
          }
          const v = parsed[options.field];
          text = typeof v === 'string' ? v : JSON.stringify(v);
        } else {
          text = value.SecretString ?? Buffer.from(value.SecretBinary ?? new Uint8Array()).toString('base64');
        }
        if (out.isTTY) out.warn(`printing the value of ${masked.name}${options.field ? ` (${options.field})` : ''}: clear your terminal and scrollback afterwards.`);
        if (options.json) out.json({ ...masked, revealed: options.field ? { field: options.field, value: text } : { value: text } });
        else out.line(text);
        return;
      }
      if (options.json) {
        out.json(masked);
        return;
      }
      const c = out.color;
      out.pairs([
        ['name', masked.name],
        ['version', masked.versionId ?? '-'],
        ['stages', masked.stages.join(', ')],
        ['created', masked.createdDate ?? '-'],
        ['value', `${masked.format}, ${masked.length} characters, fingerprint ${masked.fingerprint}`],
      ]);
      if (masked.fields.length > 0) {
        out.line();
        await out.table(['KEY', 'TYPE', 'LENGTH', 'FINGERPRINT'], masked.fields.map((f) => [f.key, f.type, String(f.length), c.dim(f.fingerprint)]));
      }
      if (masked.format === 'text') out.note('the value is not JSON: shown as one text value');
    });
}
