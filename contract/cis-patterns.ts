// The 14 CloudWatch Logs metric filters that AWS Security Hub controls CloudWatch.1 to CloudWatch.14
// look for. Security Hub passes a control only when the filter pattern is exactly the one it
// prescribes ("This control fails if the exact metric filters prescribed by CIS are not used.
// Additional fields or terms cannot be added to the metric filters."), so every `pattern` below is
// AWS's string character for character, spaces and braces included. Do not reformat them.
//
// Source: AWS Security Hub User Guide, "Amazon CloudWatch controls" (remediation step "Copy the
// following pattern"), https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html
// as published in awsdocs/aws-security-hub-user-guide, doc_source/cloudwatch-controls.md at
// commit bda5bf7ddbdf498557b2ac6a538577528004e6d5. test/fixtures/cis-patterns.json holds the same
// strings independently and the unit tests compare the two.

/** Namespace the Security Hub remediation steps use for every CIS metric. */
export const CIS_METRIC_NAMESPACE = 'LogMetrics';

const CIS_PATTERNS_SOURCE_URL = 'https://docs.aws.amazon.com/securityhub/latest/userguide/cloudwatch-controls.html';

const SOURCE_TITLE = 'AWS Security Hub User Guide, Amazon CloudWatch controls';

export interface CisMetricFilter {
  /** Security Hub control id, `CloudWatch.1` to `CloudWatch.14`. */
  readonly control: string;
  /** The control's title as Security Hub words it. */
  readonly title: string;
  /** Stable metric filter name (also the alarm's base name), CIS numbering as in AWS's alarm examples. */
  readonly filterName: string;
  /** Metric name in namespace `LogMetrics`; metric value 1 per matching event. */
  readonly metricName: string;
  /** AWS's filter pattern, exact. */
  readonly pattern: string;
  /** CIS AWS Foundations Benchmark recommendations the control maps to. */
  readonly cisIds: readonly string[];
  /** Document the pattern is copied from: title and URL with the control's anchor. */
  readonly source: string;
}

const source = (control: string): string => `${SOURCE_TITLE}, ${CIS_PATTERNS_SOURCE_URL}#${control.toLowerCase().replace('.', '-')}`;
const cis = (...ids: string[]): string[] => ids.map((id) => `CIS AWS Foundations Benchmark ${id}`);

export const CIS_METRIC_FILTERS: readonly CisMetricFilter[] = [
  {
    control: 'CloudWatch.1',
    title: 'A log metric filter and alarm should exist for usage of the "root" user',
    filterName: 'CIS-1.7-RootAccountUsage',
    metricName: 'RootAccountUsage',
    pattern: '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}',
    cisIds: cis('v1.2.0/1.1', 'v1.2.0/3.3', 'v1.4.0/1.7', 'v1.4.0/4.3'),
    source: source('CloudWatch.1'),
  },
  {
    control: 'CloudWatch.2',
    title: 'Ensure a log metric filter and alarm exist for unauthorized API calls',
    filterName: 'CIS-3.1-UnauthorizedAPICalls',
    metricName: 'UnauthorizedAPICalls',
    pattern: '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}',
    cisIds: cis('v1.2.0/3.1'),
    source: source('CloudWatch.2'),
  },
  {
    control: 'CloudWatch.3',
    title: 'Ensure a log metric filter and alarm exist for Management Console sign-in without MFA',
    filterName: 'CIS-3.2-ConsoleSigninWithoutMFA',
    metricName: 'ConsoleSigninWithoutMFA',
    pattern:
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    cisIds: cis('v1.2.0/3.2'),
    source: source('CloudWatch.3'),
  },
  {
    control: 'CloudWatch.4',
    title: 'Ensure a log metric filter and alarm exist for IAM policy changes',
    filterName: 'CIS-4.4-IAMPolicyChanges',
    metricName: 'IAMPolicyChanges',
    pattern:
      '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}',
    cisIds: cis('v1.2.0/3.4', 'v1.4.0/4.4'),
    source: source('CloudWatch.4'),
  },
  {
    control: 'CloudWatch.5',
    title: 'Ensure a log metric filter and alarm exist for CloudTrail AWS Configuration changes',
    filterName: 'CIS-4.5-CloudTrailChanges',
    metricName: 'CloudTrailChanges',
    pattern: '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}',
    cisIds: cis('v1.2.0/3.5', 'v1.4.0/4.5'),
    source: source('CloudWatch.5'),
  },
  {
    control: 'CloudWatch.6',
    title: 'Ensure a log metric filter and alarm exist for AWS Management Console authentication failures',
    filterName: 'CIS-4.6-ConsoleAuthenticationFailure',
    metricName: 'ConsoleAuthenticationFailure',
    pattern: '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}',
    cisIds: cis('v1.2.0/3.6', 'v1.4.0/4.6'),
    source: source('CloudWatch.6'),
  },
  {
    control: 'CloudWatch.7',
    title: 'Ensure a log metric filter and alarm exist for disabling or scheduled deletion of customer managed keys',
    filterName: 'CIS-4.7-DisableOrDeleteCMK',
    metricName: 'DisableOrDeleteCMK',
    pattern: '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}',
    cisIds: cis('v1.2.0/3.7', 'v1.4.0/4.7'),
    source: source('CloudWatch.7'),
  },
  {
    control: 'CloudWatch.8',
    title: 'Ensure a log metric filter and alarm exist for S3 bucket policy changes',
    filterName: 'CIS-4.8-S3BucketPolicyChanges',
    metricName: 'S3BucketPolicyChanges',
    pattern:
      '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}',
    cisIds: cis('v1.2.0/3.8', 'v1.4.0/4.8'),
    source: source('CloudWatch.8'),
  },
  {
    control: 'CloudWatch.9',
    title: 'Ensure a log metric filter and alarm exist for AWS Config configuration changes',
    filterName: 'CIS-4.9-AWSConfigChanges',
    metricName: 'AWSConfigChanges',
    pattern:
      '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}',
    cisIds: cis('v1.2.0/3.9', 'v1.4.0/4.9'),
    source: source('CloudWatch.9'),
  },
  {
    control: 'CloudWatch.10',
    title: 'Ensure a log metric filter and alarm exist for security group changes',
    filterName: 'CIS-4.10-SecurityGroupChanges',
    metricName: 'SecurityGroupChanges',
    pattern:
      '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}',
    cisIds: cis('v1.2.0/3.10', 'v1.4.0/4.10'),
    source: source('CloudWatch.10'),
  },
  {
    control: 'CloudWatch.11',
    title: 'Ensure a log metric filter and alarm exist for changes to Network Access Control Lists (NACL)',
    filterName: 'CIS-4.11-NetworkACLChanges',
    metricName: 'NetworkACLChanges',
    pattern:
      '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}',
    cisIds: cis('v1.2.0/3.11', 'v1.4.0/4.11'),
    source: source('CloudWatch.11'),
  },
  {
    control: 'CloudWatch.12',
    title: 'Ensure a log metric filter and alarm exist for changes to network gateways',
    filterName: 'CIS-4.12-NetworkGatewayChanges',
    metricName: 'NetworkGatewayChanges',
    pattern:
      '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}',
    cisIds: cis('v1.2.0/3.12', 'v1.4.0/4.12'),
    source: source('CloudWatch.12'),
  },
  {
    control: 'CloudWatch.13',
    title: 'Ensure a log metric filter and alarm exist for route table changes',
    filterName: 'CIS-4.13-RouteTableChanges',
    metricName: 'RouteTableChanges',
    pattern:
      '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}',
    cisIds: cis('v1.2.0/3.13', 'v1.4.0/4.13'),
    source: source('CloudWatch.13'),
  },
  {
    control: 'CloudWatch.14',
    title: 'Ensure a log metric filter and alarm exist for VPC changes',
    filterName: 'CIS-4.14-VPCChanges',
    metricName: 'VPCChanges',
    pattern:
      '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}',
    cisIds: cis('v1.2.0/3.14', 'v1.4.0/4.14'),
    source: source('CloudWatch.14'),
  },
];

/** The filter for a control id, or undefined. */
export function cisMetricFilter(control: string): CisMetricFilter | undefined {
  return CIS_METRIC_FILTERS.find((f) => f.control === control);
}
