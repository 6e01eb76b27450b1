// The environment's deployed stacks as CloudFormation describes them (DescribeStacks): status,
// outputs (the names `cdk deploy` printed: report bucket, alert topic, functions, Version) and tags.
// `warden doctor` checks them; `warden report` finds the compliance function's settings through them.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mainStackName, shardStackName } from '../lib/catalog/shards';
import { callAws, type ClientConfig } from './aws';

export interface DeployedStack {
  readonly name: string;
  readonly status: string;
  readonly reason: string | null;
  readonly outputs: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
}

/** The main stack's name, then each shard stack's (`SecretsWarden-<env>-shard-NN`). */
export function environmentStackNames(environment: { readonly name: string; readonly shards?: number }): string[] {
  return [mainStackName(environment.name), ...Array.from({ length: environment.shards ?? 0 }, (_, i) => shardStackName(environment.name, i + 1))];
}

/** DescribeStacks on one stack; null when it does not exist (CloudFormation answers ValidationError "... does not exist"). */
export async function describeDeployedStack(config: ClientConfig, name: string, client = new CloudFormationClient(config)): Promise<DeployedStack | null> {
  try {
    const out = await callAws('cloudformation:DescribeStacks', name, () => client.send(new DescribeStacksCommand({ StackName: name })));
    const stack = out.Stacks?.[0];
    if (!stack) return null;
    return {
      name,
      status: stack.StackStatus ?? 'UNKNOWN',
      reason: stack.StackStatusReason ?? null,
      outputs: Object.fromEntries((stack.Outputs ?? []).filter((o) => o.OutputKey).map((o) => [o.OutputKey!, o.OutputValue ?? ''])),
      tags: Object.fromEntries((stack.Tags ?? []).filter((t) => t.Key).map((t) => [t.Key!, t.Value ?? ''])),
    };
  } catch (error) {
    if ((error as Error).name === 'ValidationError' && /does not exist/i.test((error as Error).message)) return null;
    throw error;
  }
}

/**
 * Whether a stack status is a settled, successful deployment. `UPDATE_ROLLBACK_COMPLETE` is settled
 * but the last update failed; `*_IN_PROGRESS` is a deployment under way; `ROLLBACK_COMPLETE` is a
 * first create that failed (the stack must be deleted before deploying again).
 */
export function stackHealth(status: string): 'ok' | 'in-progress' | 'failed' {
  if (status.endsWith('_IN_PROGRESS')) return 'in-progress';
  if (['CREATE_COMPLETE', 'UPDATE_COMPLETE', 'IMPORT_COMPLETE'].includes(status)) return 'ok';
  return 'failed';
}
