import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';

export interface AlertPublisher {
  publish(subject: string, message: string): Promise<void>;
}

export function snsAlertPublisher(client: SNSClient, topicArn: string): AlertPublisher {
  return {
    async publish(subject, message) {
      await client.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
  };
}
