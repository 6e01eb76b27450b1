import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';

/** The environment's alert topic: the inventory digest and the compliance regressions go there. */
export interface Notifier {
  publish(subject: string, message: string): Promise<void>;
}

export function snsNotifier(client: SNSClient, topicArn: string): Notifier {
  return {
    async publish(subject, message) {
      await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}
