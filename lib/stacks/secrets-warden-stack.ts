import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import type { EnvironmentCatalog } from '../catalog/types';
import { EnvironmentSecrets } from '../constructs/environment-secrets';
import type { ManagedSecret } from '../constructs/managed-secret';
import type { RotatedKind } from '../constructs/rotation-functions';

export interface SecretsWardenStackProps extends StackProps {
  readonly catalog: EnvironmentCatalog;
}

export function stackName(environmentName: string): string {
  return `SecretsWarden-${environmentName}`;
}

/** Everything secrets-warden deploys for one environment. Composition only. */
export class SecretsWardenStack extends Stack {
  readonly catalog: EnvironmentCatalog;
  readonly environmentName: string;
  readonly secretsKey: kms.Key;
  /** By catalog name. */
  readonly secrets: ReadonlyMap<string, ManagedSecret>;
  /** By kind: the functions to alarm on. */
  readonly rotationFunctions: ReadonlyMap<RotatedKind, NodejsFunction>;

  constructor(scope: Construct, id: string, props: SecretsWardenStackProps) {
    super(scope, id, props);
    this.catalog = props.catalog;
    this.environmentName = props.catalog.environment.name;

    const secrets = new EnvironmentSecrets(this, 'Secrets', { catalog: props.catalog });
    this.secretsKey = secrets.key;
    this.secrets = secrets.secrets;
    this.rotationFunctions = secrets.rotationFunctions;
  }
}
