import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminRole, reader } from './fixtures/catalogs';
import { asList, resourcePolicyOf, stacksFor, statement, type Built } from './support';

const VIA_SECRETS_MANAGER = {
  StringEquals: {
    'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] },
    'kms:CallerAccount': { Ref: 'AWS::AccountId' },
  },
};

let prod: Built;
let dev: Built;

const secretsKeyOf = (built: Built) => built.template.toJSON().Resources[built.stack.getLogicalId(built.stack.secretsKey.node.defaultChild as never)];
const rotationFunctionsOf = (built: Built) =>
  [...built.stack.rotationFunctions.values()].map((fn) => built.template.toJSON().Resources[built.stack.getLogicalId(fn.node.defaultChild as never)]);
const idOf = (built: Built, name: string): string => built.stack.getLogicalId(built.stack.secrets.get(name)!.resource);

beforeAll(() => {
  const built = stacksFor(['prod', 'dev']);
  prod = built.get('prod')!;
  dev = built.get('dev')!;
});

describe('the environment key', () => {
  it('is one customer-managed key with rotation on and the alias of its environment', () => {
    const keyId = prod.stack.getLogicalId(prod.stack.secretsKey.node.defaultChild as never);

    expect(prod.template.toJSON().Resources[keyId].Properties.EnableKeyRotation).toBe(true);
    prod.template.resourcePropertiesCountIs('AWS::KMS::Alias', { AliasName: 'alias/secrets-warden/prod', TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } }, 1);
    dev.template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/secrets-warden/dev' });
  });

  it('is administered by the account and the admin role, and used only through Secrets Manager by callers of this account', () => {
    const key = secretsKeyOf(prod);
    const statements = key.Properties.KeyPolicy.Statement as { Sid: string; Action: string[]; Principal: { AWS: unknown }; Condition?: unknown }[];

    const admin = statements.find((s) => s.Sid === 'KeyAdministration')!;
    expect(asList(admin.Principal.AWS)).toContain(adminRole('prod'));
    expect(admin.Action.filter((a) => /Decrypt|Encrypt|GenerateDataKey|ReEncrypt/.test(a))).toEqual([]);
    const usage = statements.filter((s) => asList(s.Action).some((a) => /Decrypt|Encrypt|GenerateDataKey|ReEncrypt/.test(a)));
    expect(usage.map((s) => s.Sid).sort()).toEqual([
      'ReadersDecryptOrdersDbApp',
      'ReadersDecryptPaymentsApiKey',
      'ReadersDecryptSessionSigningKey',
      'UseThroughSecretsManagerByThisAccount',
    ]);
    for (const s of usage) expect(s.Condition).toMatchObject(VIA_SECRETS_MANAGER);
  });

  it('lets each reader decrypt through Secrets Manager the secrets it reads, and no other', () => {
    const key = secretsKeyOf(prod);
    const statements = key.Properties.KeyPolicy.Statement as { Sid: string; Action: string[]; Principal: { AWS: unknown }; Condition?: unknown }[];

    expect(statements.find((s) => s.Sid === 'ReadersDecryptSessionSigningKey')).toEqual({
      Sid: 'ReadersDecryptSessionSigningKey',
      Effect: 'Allow',
      Principal: { AWS: [reader('prod', 'orders-api'), reader('prod', 'web')] },
      Action: 'kms:Decrypt',
      Resource: '*',
      Condition: {
        ...VIA_SECRETS_MANAGER,
        StringLike: {
          'kms:EncryptionContext:SecretARN': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':secret:prod/session-signing-key-??????']],
          },
        },
      },
    });
    expect(statements.find((s) => s.Sid === 'ReadersDecryptPaymentsApiKey')!.Principal).toEqual({ AWS: reader('prod', 'payments') });
  });
});

describe('the secrets', () => {
  it('are stored as <env>/<name>, encrypted with the environment key, with a generated first value', () => {
    for (const name of ['orders-db-master', 'orders-db-app', 'session-signing-key', 'payments-api-key']) {
      prod.template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `prod/${name}`,
        KmsKeyId: { 'Fn::GetAtt': [prod.stack.getLogicalId(prod.stack.secretsKey.node.defaultChild as never), 'Arn'] },
        GenerateSecretString: Match.objectLike({}),
        SecretString: Match.absent(),
      });
    }
  });

  it('start a PostgreSQL secret from the connection template, with masterarn for alternating users and a generated password', () => {
    const [app] = Object.values(prod.template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: 'prod/orders-db-app' } }));
    const generate = app!.Properties.GenerateSecretString;
    expect(generate.GenerateStringKey).toBe('password');
    expect(generate.PasswordLength).toBe(32);
    expect(generate.SecretStringTemplate).toEqual({
      'Fn::Join': [
        '',
        [
          '{"engine":"aurora-postgresql","host":"orders.prod.internal","port":5432,"dbname":"orders","username":"orders_app","ssl":true,"masterarn":"',
          { Ref: idOf(prod, 'orders-db-master') },
          '"}',
        ],
      ],
    });
    prod.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'prod/orders-db-master',
      GenerateSecretString: Match.objectLike({
        SecretStringTemplate: '{"engine":"postgres","host":"orders.prod.internal","port":5432,"dbname":"postgres","username":"orders_admin","ssl":true}',
        GenerateStringKey: 'password',
      }),
    });
  });

  it('start a random secret in its encoding, under its key', () => {
    prod.template.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'prod/session-signing-key',
      GenerateSecretString: {
        SecretStringTemplate: '{}',
        GenerateStringKey: 'signingKey',
        PasswordLength: 48,
        // base64url: every punctuation character but - and _.
        ExcludeCharacters: '!"#$%&\'()*+,./:;<=>?@[\\]^`{|}~',
        RequireEachIncludedType: false,
      },
    });
  });

  it('carry the warden tags, the random settings the rotation function reads and the rotate-by date of an external secret', () => {
    const tags = (name: string) => {
      const [secret] = Object.values(prod.template.findResources('AWS::SecretsManager::Secret', { Properties: { Name: `prod/${name}` } }));
      return Object.fromEntries((secret!.Properties.Tags as { Key: string; Value: string }[]).map((t) => [t.Key, t.Value]));
    };

    expect(tags('orders-db-app')).toEqual({
      'warden:environment': 'prod',
      'warden:classification': 'high',
      'warden:owner': 'team-orders',
      'warden:kind': 'postgres',
      'warden:rotation-days': '7',
      'warden:managed': 'true',
    });
    expect(tags('session-signing-key')).toMatchObject({
      'warden:kind': 'random',
      'warden:rotation-days': '0.5',
      'warden:random-length': '48',
      'warden:random-encoding': 'base64url',
      'warden:random-key': 'signingKey',
    });
    expect(tags('payments-api-key')).toMatchObject({ 'warden:kind': 'external', 'warden:rotate-by': '2027-03-01', 'warden:classification': 'critical' });
  });

  it('are retained when removed from the catalog', () => {
    prod.template.allResources('AWS::SecretsManager::Secret', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });
});

describe('the resource policies', () => {
  it('allow the readers to get and describe their secret, and nothing else', () => {
    const statements = resourcePolicyOf(prod.template, idOf(prod, 'session-signing-key'));

    const readers = statement(statements, 'AllowReaders');
    expect(readers.Effect).toBe('Allow');
    expect(readers.Action).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    expect(readers.Principal).toEqual({ AWS: [reader('prod', 'orders-api'), reader('prod', 'web')] });
  });

  it('allow the rotation function of the kind to rotate, and the admin role everything', () => {
    const statements = resourcePolicyOf(prod.template, idOf(prod, 'orders-db-app'));
    const postgresRole = prod.stack.getLogicalId(prod.stack.rotationFunctions.get('postgres')!.role!.node.defaultChild as never);

    expect(statement(statements, 'AllowRotationFunction')).toMatchObject({
      Principal: { AWS: { 'Fn::GetAtt': [postgresRole, 'Arn'] } },
      Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
    });
    expect(statement(statements, 'AllowEnvironmentAdmin')).toMatchObject({ Principal: { AWS: adminRole('prod') }, Action: 'secretsmanager:*' });
  });

  it('deny reading to everyone but the readers, the rotation function and the admin role; value writes (UpdateSecret too) to all but those two and the deployment role; tag changes to all but the admin and deployment roles', () => {
    const statements = resourcePolicyOf(prod.template, idOf(prod, 'orders-db-app'));
    const postgresRoleArn = { 'Fn::GetAtt': [prod.stack.getLogicalId(prod.stack.rotationFunctions.get('postgres')!.role!.node.defaultChild as never), 'Arn'] };

    expect(statement(statements, 'DenyReadExceptReadersRotationAndAdmin')).toEqual({
      Sid: 'DenyReadExceptReadersRotationAndAdmin',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'secretsmanager:GetSecretValue',
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': [reader('prod', 'orders-api'), postgresRoleArn, adminRole('prod')] } },
    });
    const deploymentRole = { 'Fn::Sub': 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/cdk-hnb659fds-cfn-exec-role-${AWS::AccountId}-${AWS::Region}' };
    expect(statement(statements, 'DenyValueWritesExceptRotationAdminAndDeployment')).toMatchObject({
      Effect: 'Deny',
      Action: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:UpdateSecretVersionStage'],
      Condition: { StringNotEquals: { 'aws:PrincipalArn': [postgresRoleArn, adminRole('prod'), deploymentRole] } },
    });
    expect(statement(statements, 'DenyTagChangesExceptAdminAndDeployment')).toEqual({
      Sid: 'DenyTagChangesExceptAdminAndDeployment',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['secretsmanager:TagResource', 'secretsmanager:UntagResource'],
      Resource: '*',
      Condition: { StringNotEquals: { 'aws:PrincipalArn': [adminRole('prod'), deploymentRole] } },
    });
  });

  it('deny deletion by the account root user on every secret, leaving CloudFormation\'s own role able to manage it', () => {
    for (const name of prod.stack.secrets.keys()) {
      expect(statement(resourcePolicyOf(prod.template, idOf(prod, name)), 'DenyDeletionByAccountRoot')).toEqual({
        Sid: 'DenyDeletionByAccountRoot',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'secretsmanager:DeleteSecret',
        Resource: '*',
        Condition: { ArnEquals: { 'aws:PrincipalArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':root']] } } },
      });
    }
    prod.template.allResourcesProperties('AWS::SecretsManager::ResourcePolicy', { BlockPublicPolicy: true });
  });

  it('lets an environment without an admin role use its secrets only through readers and rotation', () => {
    const statements = resourcePolicyOf(dev.template, idOf(dev, 'orders-db-app'));

    expect(statements.map((s) => s.Sid)).not.toContain('AllowEnvironmentAdmin');
    expect(JSON.stringify(statements.filter((s) => s.Sid !== 'DenyOtherEnvironments'))).not.toContain('secrets-admin');
  });
});

describe('the rotation functions', () => {
  it('are one per rotated kind: nodejs24.x on arm64, reserved concurrency', () => {
    const functions = rotationFunctionsOf(prod);

    expect([...prod.stack.rotationFunctions.keys()]).toEqual(['postgres', 'random']);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], ReservedConcurrentExecutions: 5, TracingConfig: { Mode: 'Active' } });
    }
    for (const fn of rotationFunctionsOf(dev)) expect(fn.Properties.VpcConfig).toBeUndefined();
  });

  it('put only the postgres function in the catalog subnets and security groups; the random-token function needs no VPC', () => {
    const resources = prod.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const logicalId = (kind: 'postgres' | 'random') => prod.stack.getLogicalId(prod.stack.rotationFunctions.get(kind)!.node.defaultChild as never);
    const policyOf = (kind: 'postgres' | 'random') => {
      const roleId = (resources[logicalId(kind)]!.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
      return JSON.stringify(Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(roleId)));
    };

    expect(resources[logicalId('postgres')]!.Properties.VpcConfig).toEqual({
      SubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
      SecurityGroupIds: ['sg-0ccccccccccccccc3'],
    });
    expect(resources[logicalId('random')]!.Properties.VpcConfig).toBeUndefined();
    // Lambda's network-interface permissions go to the function in the VPC only.
    expect(policyOf('postgres')).toContain('ec2:CreateNetworkInterface');
    expect(policyOf('random')).not.toContain('ec2:');
    // The interface endpoint admits the postgres function's security groups, which the random one does not use.
    prod.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [Match.objectLike({ SourceSecurityGroupId: 'sg-0ccccccccccccccc3', FromPort: 443, ToPort: 443 })],
    });
  });

  it('get their settings from environment variables', () => {
    prod.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WARDEN_ENVIRONMENT: 'prod', PASSWORD_LENGTH: '32', EXCLUDE_CHARACTERS: Match.anyValue() }) },
    });
    prod.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ WARDEN_ENVIRONMENT: 'prod', RANDOM_LENGTH: '32', RANDOM_ENCODING: 'alphanumeric', RANDOM_KEY: 'value' }) },
    });
  });

  it('may rotate exactly their secrets and read (not write) the master secrets, using the key only through Secrets Manager', () => {
    const policyOf = (kind: 'postgres' | 'random') => {
      const role = prod.stack.rotationFunctions.get(kind)!.role!;
      const policy = role.node.findChild('DefaultPolicy').node.defaultChild;
      return prod.template.toJSON().Resources[prod.stack.getLogicalId(policy as never)].Properties.PolicyDocument.Statement as {
        Sid: string;
        Action: string[];
        Resource: unknown;
        Condition?: unknown;
      }[];
    };
    const keyArn = { 'Fn::GetAtt': [prod.stack.getLogicalId(prod.stack.secretsKey.node.defaultChild as never), 'Arn'] };

    const viaSecretsManagerFor = (...names: string[]) => ({
      StringEquals: { ...VIA_SECRETS_MANAGER.StringEquals, 'kms:EncryptionContext:SecretARN': names.map((n) => ({ Ref: idOf(prod, n) })) },
    });

    expect(policyOf('postgres')).toEqual([
      {
        Sid: 'RotateOwnSecrets',
        Effect: 'Allow',
        Action: ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue', 'secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecretVersionStage'],
        Resource: [{ Ref: idOf(prod, 'orders-db-master') }, { Ref: idOf(prod, 'orders-db-app') }],
      },
      {
        Sid: 'EncryptOwnSecrets',
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Resource: keyArn,
        Condition: viaSecretsManagerFor('orders-db-master', 'orders-db-app'),
      },
      { Sid: 'ReadMasterSecrets', Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: { Ref: idOf(prod, 'orders-db-master') } },
      { Sid: 'DecryptMasterSecrets', Effect: 'Allow', Action: 'kms:Decrypt', Resource: keyArn, Condition: viaSecretsManagerFor('orders-db-master') },
    ]);
    expect(policyOf('random')[0]).toMatchObject({ Sid: 'RotateOwnSecrets', Resource: { Ref: idOf(prod, 'session-signing-key') } });
    expect(policyOf('random')[1]).toMatchObject({ Sid: 'EncryptOwnSecrets', Condition: viaSecretsManagerFor('session-signing-key') });
    expect(policyOf('random')).toHaveLength(2);
  });

  it('may be invoked by Secrets Manager only for their secrets of this account', () => {
    const permissions = Object.values(prod.template.findResources('AWS::Lambda::Permission', { Properties: { Principal: 'secretsmanager.amazonaws.com' } })).map(
      (p) => p.Properties,
    );

    expect(permissions).toHaveLength(3);
    for (const p of permissions) {
      expect(p).toMatchObject({ Principal: 'secretsmanager.amazonaws.com', Action: 'lambda:InvokeFunction', SourceAccount: { Ref: 'AWS::AccountId' } });
    }
    expect(permissions.map((p) => p.SourceArn.Ref).sort()).toEqual(
      [idOf(prod, 'orders-db-master'), idOf(prod, 'orders-db-app'), idOf(prod, 'session-signing-key')].sort(),
    );
  });

  it('run the rollback action only through a `rollback` alias that only the admin role may invoke; Secrets Manager stays on the unqualified function', () => {
    const resources = prod.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>;
    const functionIds = [...prod.stack.rotationFunctions.values()].map((fn) => prod.stack.getLogicalId(fn.node.defaultChild as never)).sort();
    const aliases = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Alias');
    expect(aliases.map(([, r]) => (r.Properties.FunctionName as { Ref: string }).Ref).sort()).toEqual(functionIds);
    for (const [, alias] of aliases) expect(alias.Properties).toMatchObject({ Name: 'rollback', FunctionVersion: '$LATEST' });
    const aliasIds = new Set(aliases.map(([id]) => id));
    const permissions = Object.values(resources).filter((r) => r.Type === 'AWS::Lambda::Permission').map((r) => r.Properties);
    const onAlias = permissions.filter((p) => aliasIds.has((p.FunctionName as { Ref?: string }).Ref ?? ''));
    // Exactly one grant per alias, to exactly the admin role: no account root, no wildcard, no service.
    expect(onAlias).toHaveLength(aliases.length);
    for (const p of onAlias) expect(p).toEqual({ FunctionName: expect.anything(), Principal: adminRole('prod'), Action: 'lambda:InvokeFunction' });
    // Secrets Manager's grants name the unqualified functions, never an alias.
    const bySecretsManager = permissions.filter((p) => p.Principal === 'secretsmanager.amazonaws.com');
    expect(bySecretsManager.length).toBeGreaterThan(0);
    for (const p of bySecretsManager) expect(functionIds).toContain((p.FunctionName as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0]);
    // No admin role in the catalog: the alias exists, and no resource policy grants it to anyone.
    const devResources = Object.entries(dev.template.toJSON().Resources as Record<string, { Type: string; Properties: Record<string, unknown> }>);
    const devAliasIds = new Set(devResources.filter(([, r]) => r.Type === 'AWS::Lambda::Alias').map(([id]) => id));
    expect(devAliasIds.size).toBeGreaterThan(0);
    expect(devResources.filter(([, r]) => r.Type === 'AWS::Lambda::Permission' && devAliasIds.has((r.Properties.FunctionName as { Ref?: string }).Ref ?? ''))).toEqual([]);
  });

  it('reach Secrets Manager through an interface endpoint open to their security group only, when the catalog asks for one', () => {
    prod.template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      VpcId: 'vpc-0123456789abcdef0',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.secretsmanager']] },
      SubnetIds: ['subnet-0aaaaaaaaaaaaaaa1', 'subnet-0bbbbbbbbbbbbbbb2'],
      PrivateDnsEnabled: true,
    });
    prod.template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      SecurityGroupIngress: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, SourceSecurityGroupId: 'sg-0ccccccccccccccc3', Description: Match.anyValue() }],
    });
    dev.template.resourceCountIs('AWS::EC2::VPCEndpoint', 0);
  });
});

describe('the rotation schedules', () => {
  const scheduleOf = (name: string) =>
    Object.values(prod.template.findResources('AWS::SecretsManager::RotationSchedule', { Properties: { SecretId: { Ref: idOf(prod, name) } } }));

  it('follow the catalog: days as a rate, hours as a rate, a window as cron and duration', () => {
    expect(scheduleOf('orders-db-master')[0]!.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(30 days)' });
    expect(scheduleOf('orders-db-app')[0]!.Properties.RotationRules).toEqual({ ScheduleExpression: 'cron(0 2 ? * SUN *)', Duration: '3h' });
    expect(scheduleOf('session-signing-key')[0]!.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(12 hours)' });
  });

  it('rotate random secrets at once and leave PostgreSQL ones to their schedule', () => {
    expect(scheduleOf('session-signing-key')[0]!.Properties.RotateImmediatelyOnUpdate).toBe(true);
    expect(scheduleOf('orders-db-app')[0]!.Properties.RotateImmediatelyOnUpdate).toBe(false);
  });

  it('start only once the function may be invoked and may touch the secret', () => {
    const [schedule] = scheduleOf('orders-db-app');

    expect(schedule!.DependsOn).toEqual(
      expect.arrayContaining([expect.stringMatching(/InvokeBySecretsManager/), expect.stringMatching(/ordersdbappPolicy/), expect.stringMatching(/DefaultPolicy/)]),
    );
  });

  it('do not exist for an external secret, which gets no rotation function either', () => {
    expect(scheduleOf('payments-api-key')).toEqual([]);
    prod.template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 3);
  });
});

describe('the stack outputs', () => {
  it('name the report bucket, the alert topic, the dashboard and every function, for on-call and the runbooks', () => {
    const outputs = prod.template.toJSON().Outputs as Record<string, { Value: unknown; Description: string }>;
    expect(Object.keys(outputs)).toEqual(
      expect.arrayContaining(['ReportBucketName', 'AlertTopicArn', 'Version', 'DashboardUrl', 'InventoryFunctionName', 'ComplianceFunctionName', 'RotationPostgresFunctionName', 'RotationRandomFunctionName']),
    );
    expect(outputs.AlertTopicArn!.Value).toEqual({ Ref: prod.stack.getLogicalId(prod.stack.alertTopic.node.defaultChild as never) });
    expect(JSON.stringify(outputs.DashboardUrl!.Value)).toContain('#dashboards:name=');
    expect(outputs.Version!.Value).toMatch(/^\d+\.\d+\.\d+/);
    for (const output of Object.values(outputs)) expect(output.Description).toContain('prod');
  });
});

describe('what docs/deploying.md prices per environment', () => {
  it.each(['prod', 'dev'])('%s makes 36 alarms, 24 metric filters, 4 KMS keys, 1 dashboard and 1 trail (the cost table\'s counts)', (env) => {
    const { template } = env === 'prod' ? prod : dev;

    template.resourceCountIs('AWS::CloudWatch::Alarm', 36);
    template.resourceCountIs('AWS::Logs::MetricFilter', 24);
    template.resourceCountIs('AWS::KMS::Key', 4);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
  });
});
