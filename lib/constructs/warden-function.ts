import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { functionCode } from './lambda-bundle';

/** The repository root, so entries resolve the same from `cdk synth`, tests and scripts. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function lambdaEntry(relativePath: string): string {
  return fileURLToPath(new URL(`../../${relativePath}`, import.meta.url));
}

export interface WardenFunctionProps {
  /** Path of the handler module from the repository root, e.g. `lambdas/rotation/handler-postgres.ts`. */
  readonly entry: string;
  readonly environmentName: string;
  readonly description: string;
  readonly timeout?: Duration;
  readonly memorySize?: number;
  readonly environment?: Record<string, string>;
  readonly reservedConcurrentExecutions?: number;
  readonly vpc?: ec2.IVpc;
  readonly vpcSubnets?: ec2.SubnetSelection;
  readonly securityGroups?: ec2.ISecurityGroup[];
  /** Files copied next to the bundle (e.g. a CA bundle), relative to the repository root. */
  readonly extraFiles?: { from: string; to: string }[];
  /** Files written next to the bundle at synth time (e.g. the catalog summary a scan reads). */
  readonly generatedFiles?: { to: string; content: string }[];
}

/**
 * Every warden Lambda: nodejs24.x on arm64, async ESM handler bundled by the local esbuild
 * (no Docker) once per synth however many environments use it (lambda-bundle.ts), a log group with a retention, X-Ray tracing, and the environment name in its env.
 * Its role starts empty apart from writing to its own log group (and ENIs when in a VPC): no AWS
 * managed policy, so every permission it has is one a construct granted on purpose.
 */
export class WardenFunction extends Construct {
  readonly function: lambda.Function;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: WardenFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: logs.RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.environmentName}: ${props.description}`.slice(0, 1000),
    });
    // Baseline permissions live in their own policy so that an acknowledgement on it never hides a
    // wildcard another construct adds later to the role's default policy.
    const baseline = new iam.Policy(this, 'BaselinePolicy', {
      roles: [this.role],
      statements: [
        // The log group exists before the function, so CreateLogGroup (in AWSLambdaBasicExecutionRole) is not needed.
        new iam.PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [this.logGroup.logGroupArn] }),
        new iam.PolicyStatement({ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], resources: ['*'] }),
        // What AWSLambdaVPCAccessExecutionRole grants; Lambda checks for it when the function is created.
        ...(props.vpc
          ? [
              new iam.PolicyStatement({
                actions: [
                  'ec2:CreateNetworkInterface',
                  'ec2:DescribeNetworkInterfaces',
                  'ec2:DescribeSubnets',
                  'ec2:DeleteNetworkInterface',
                  'ec2:AssignPrivateIpAddresses',
                  'ec2:UnassignPrivateIpAddresses',
                ],
                resources: ['*'],
              }),
            ]
          : []),
      ],
    });
    Validations.of(baseline).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'X-Ray PutTraceSegments/PutTelemetryRecords and the EC2 network-interface actions Lambda needs in a VPC do not support ' +
        'resource-level permissions (Service Authorization Reference); everything else this role gets is scoped to ARNs.',
    });
    const staged = functionCode(this, lambdaEntry(props.entry), {
      copies: (props.extraFiles ?? []).map((c) => ({ from: lambdaEntry(c.from), to: c.to })),
      generated: props.generatedFiles ?? [],
    });
    const functionProps: lambda.FunctionProps = {
      code: staged.code,
      handler: 'index.handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      timeout: props.timeout ?? Duration.seconds(60),
      memorySize: props.memorySize ?? 256,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      vpc: props.vpc,
      vpcSubnets: props.vpc ? props.vpcSubnets : undefined,
      securityGroups: props.vpc ? props.securityGroups : undefined,
      environment: {
        WARDEN_ENVIRONMENT: props.environmentName,
        POWERTOOLS_METRICS_NAMESPACE: 'SecretsWarden',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    };
    this.function = new lambda.Function(this, 'Function', functionProps);
    staged.release();
    // Tracing is switched on at the L1 so that Lambda does not add its own X-Ray statement to the default policy.
    (this.function.node.defaultChild as lambda.CfnFunction).tracingConfig = { mode: 'Active' };
    this.function.node.addDependency(baseline);
  }
}
