import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { SECRETS_MANAGER_EVENT_SOURCE } from '../core/access-events';
import type { LookupPage, LookupRequest, TrailLookup } from '../core/trail-reader';

/** LookupEvents returns at most 50 events per page (CloudTrail API Reference). */
const PAGE_SIZE = 50;

/**
 * The trail reader's port over LookupEvents, filtered on the Secrets Manager event source. The client
 * should be built with `maxAttempts: 1`: the reader paces and backs off itself, and SDK retries
 * underneath would spend the account's 2 requests per second without it knowing.
 */
export function cloudTrailLookup(client: CloudTrailClient): TrailLookup {
  return {
    async page(request: LookupRequest): Promise<LookupPage> {
      const response = await client.send(
        new LookupEventsCommand({
          LookupAttributes: [{ AttributeKey: 'EventSource', AttributeValue: SECRETS_MANAGER_EVENT_SOURCE }],
          StartTime: request.startTime,
          EndTime: request.endTime,
          MaxResults: PAGE_SIZE,
          NextToken: request.nextToken,
        }),
      );
      // Only the CloudTrailEvent string travels on; the reader keeps identifiers from it and nothing else.
      return { events: (response.Events ?? []).map((e) => e.CloudTrailEvent ?? ''), nextToken: response.NextToken };
    },
  };
}
