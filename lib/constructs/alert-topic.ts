import { Aws, Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { AlertSubscription } from '../catalog/types';

export interface AlertTopicProps {
  readonly environmentName: string;
  /** From the catalog: email, https endpoint, or SQS queue ARN. */
  readonly subscriptions: readonly AlertSubscription[];
  /**
   * Key that encrypts the topic. Default: a key of its own. A given key must already let
   * cloudwatch.amazonaws.com and events.amazonaws.com use it (statements are added when the key
   * is defined in this app; an imported key's policy cannot be changed from here).
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * The environment's single on-call topic: KMS-encrypted, publishable only over TLS, with the
 * catalog's subscriptions. CloudWatch alarms and EventBridge rules publish to it.
 */
export class AlertTopic extends Construct {
  readonly topic: sns.Topic;
  readonly key: kms.IKey;
  private readonly eventRulesStatement: iam.PolicyStatement;
  private readonly eventRuleArns: string[] = [];

  constructor(scope: Construct, id: string, props: AlertTopicProps) {
    super(scope, id);
    this.key =
      props.encryptionKey ??
      new kms.Key(this, 'Key', {
        description: `secrets-warden ${props.environmentName}: encrypts the alert topic`,
        enableKeyRotation: true,
        pendingWindow: Duration.days(30),
      });
    // Services that publish to an encrypted topic need the key: the SNS developer guide ("Enable
    // compatibility between event sources from AWS services and encrypted topics") gives exactly
    // this statement for CloudWatch and EventBridge. No source condition on it: whether these
    // services pass aws:SourceAccount to KMS is not documented, and a condition they do not send
    // would silently drop every alert. Who may publish is restricted by the topic policy instead:
    // CloudWatch on aws:SourceAccount, EventBridge on the environment's rule ARNs and account
    // (allowEventRules). This is the only key statement for them: the rule targets add none.
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AlarmsAndRulesPublishToAlertTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new sns.Topic(this, 'Topic', {
      topicName: `secrets-warden-${props.environmentName}-alerts`,
      displayName: `secrets-warden ${props.environmentName} alerts`,
      masterKey: this.key,
      // Adds a Deny on sns:Publish when aws:SecureTransport is false.
      enforceSSL: true,
    });
    // The topic policy replaces SNS's default one, so CloudWatch alarms need an explicit allow
    // (SNS "confused deputy" guidance: service principal with aws:SourceAccount).
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );

    // EventBridge rules publish only when allowEventRules names them (SNS "confused deputy"
    // guidance: aws:SourceArn and aws:SourceAccount, which EventBridge sends when it publishes).
    this.eventRulesStatement = new iam.PolicyStatement({
      sid: 'EnvironmentEventRulesPublish',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
    });

    props.subscriptions.forEach((subscription, index) => {
      new sns.Subscription(this, `Subscription${index}`, {
        topic: this.topic,
        protocol: protocolOf(subscription),
        // An SQS queue named by ARN is not owned here: its queue policy must allow sns:SendMessage
        // from this topic (and its key, if any, the SNS service) for deliveries to arrive.
        endpoint: subscription.endpoint,
      });
    });
  }

  /**
   * Lets these EventBridge rules (the environment's own, in this account) publish to the topic. Give
   * their targets a reference imported by ARN (`sns.Topic.fromTopicArn`): the SnsTopic target then
   * adds no statement of its own, which would let any rule of any account publish.
   */
  allowEventRules(rules: readonly events.IRule[]): void {
    if (this.eventRuleArns.length === 0) this.topic.addToResourcePolicy(this.eventRulesStatement);
    this.eventRuleArns.push(...rules.map((rule) => rule.ruleArn));
    this.eventRulesStatement.addCondition('ArnEquals', { 'aws:SourceArn': [...this.eventRuleArns] });
    this.eventRulesStatement.addCondition('StringEquals', { 'aws:SourceAccount': Aws.ACCOUNT_ID });
  }
}

function protocolOf(subscription: AlertSubscription): sns.SubscriptionProtocol {
  switch (subscription.protocol) {
    case 'email':
      return sns.SubscriptionProtocol.EMAIL;
    case 'https':
      return sns.SubscriptionProtocol.HTTPS;
    case 'sqs':
      return sns.SubscriptionProtocol.SQS;
  }
}
