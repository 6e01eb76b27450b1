import { Aws } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';

export interface SecretsEndpointProps {
  readonly environmentName: string;
  readonly vpc: ec2.IVpc;
  readonly subnetIds: readonly string[];
  /** Security groups of the rotation functions: the only sources allowed to reach the endpoint. */
  readonly clientSecurityGroups: readonly ec2.ISecurityGroup[];
}

/**
 * A Secrets Manager interface endpoint for rotation functions in subnets without a NAT route.
 * Written at the L1 level because the L2 needs each subnet's availability zone, which the catalog
 * does not give (and a lookup would need credentials at synth).
 */
export class SecretsEndpoint extends Construct {
  readonly securityGroup: ec2.SecurityGroup;
  readonly endpoint: ec2.CfnVPCEndpoint;

  constructor(scope: Construct, id: string, props: SecretsEndpointProps) {
    super(scope, id);
    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `secrets-warden ${props.environmentName}: HTTPS from the rotation functions to Secrets Manager`,
      // An interface endpoint never initiates connections.
      allowAllOutbound: false,
    });
    for (const client of props.clientSecurityGroups) {
      this.securityGroup.addIngressRule(ec2.Peer.securityGroupId(client.securityGroupId), ec2.Port.tcp(443), 'rotation function to Secrets Manager');
    }
    this.endpoint = new ec2.CfnVPCEndpoint(this, 'Endpoint', {
      vpcId: props.vpc.vpcId,
      vpcEndpointType: 'Interface',
      serviceName: `com.amazonaws.${Aws.REGION}.secretsmanager`,
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.securityGroup.securityGroupId],
      // The SDK's default endpoint name resolves to the endpoint's private addresses.
      privateDnsEnabled: true,
    });
  }
}
