import { Fn, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { RotationNetwork } from '../catalog/types';

/**
 * The catalog's VPC, subnets and security groups as CDK references, built from their ids alone: no
 * context lookup, so `cdk synth` needs no AWS credentials.
 */
export class RotationNetworkRefs extends Construct {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroups: ec2.ISecurityGroup[];

  constructor(scope: Construct, id: string, network: RotationNetwork) {
    super(scope, id);
    // Availability zones are never read: every consumer gets explicit subnets.
    this.vpc = ec2.Vpc.fromVpcAttributes(this, 'Vpc', { vpcId: network.vpcId, availabilityZones: Fn.getAzs() });
    Validations.of(this.vpc).acknowledge({
      id: 'Annotation::@aws-cdk/aws-ec2:vpcAttributeIsListTokenavailabilityZones',
      reason: 'The imported VPC only carries its id; Lambda and the endpoint receive explicit subnet ids, so no construct selects subnets by zone.',
    });
    const subnets = network.subnetIds.map((subnetId, i) => ec2.Subnet.fromSubnetId(this, `Subnet${i}`, subnetId));
    for (const subnet of subnets) {
      Validations.of(subnet).acknowledge({
        id: 'Annotation::@aws-cdk/aws-ec2:noSubnetRouteTableId',
        reason: 'Nothing here adds routes or gateway endpoints, the only users of a subnet route table id.',
      });
    }
    this.subnets = { subnets };
    this.securityGroups = network.securityGroupIds.map((sgId, i) =>
      // Outbound stays as the owner defined it: this stack adds no rules to a group it does not own.
      ec2.SecurityGroup.fromSecurityGroupId(this, `SecurityGroup${i}`, sgId, { mutable: false }),
    );
  }
}
