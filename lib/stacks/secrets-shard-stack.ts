import { Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';

export interface SecretsShardStackProps extends StackProps {
  readonly environmentName: string;
  readonly shard: number;
}

/**
 * One shard of a sharded environment: secrets, their resource policies and rotation schedules
 * only. Everything else (key, rotation functions, their grants and invoke permissions) stays in
 * SecretsWarden-<env> and is referenced from here, so a shard depends on the main stack and never
 * the other way round. Secrets sit under `Secrets/`, the path they have in the main stack, so a
 * secret's logical id is the same in every stack.
 */
export class SecretsShardStack extends Stack {
  readonly environmentName: string;
  readonly shard: number;
  /** Parent of this shard's secrets. */
  readonly secretsScope: Construct;

  constructor(scope: Construct, id: string, props: SecretsShardStackProps) {
    super(scope, id, props);
    this.environmentName = props.environmentName;
    this.shard = props.shard;
    this.secretsScope = new Construct(this, 'Secrets');
  }
}
