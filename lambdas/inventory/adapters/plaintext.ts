// Where credentials hide outside Secrets Manager: Lambda environment variables (ListFunctions
// returns Environment.Variables) and SSM parameters of type String (DescribeParameters filtered
// by Type, then GetParameters by batches of 10, its maximum). Values are handed to the detectors
// and never kept.

import { ListFunctionsCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { DescribeParametersCommand, GetParametersCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { FunctionEnvironment, PlainParameter, PlaintextSources } from '../ports';

/** ListFunctions: MaxItems 1-50. DescribeParameters: MaxResults 1-50. GetParameters: 10 names. */
const LIST_FUNCTIONS_PAGE = 50;
const DESCRIBE_PARAMETERS_PAGE = 50;
const GET_PARAMETERS_BATCH = 10;

export function plaintextSources(lambda: LambdaClient, ssm: SSMClient): PlaintextSources {
  return {
    async *functions(): AsyncIterable<FunctionEnvironment> {
      let marker: string | undefined;
      do {
        // Without FunctionVersion=ALL only $LATEST is listed. A published version keeps the
        // environment $LATEST had when it was published, so a credential since removed from $LATEST
        // but still in an old version is not seen here.
        const page = await lambda.send(new ListFunctionsCommand({ Marker: marker, MaxItems: LIST_FUNCTIONS_PAGE }));
        for (const fn of page.Functions ?? []) {
          const variables = fn.Environment?.Variables;
          if (fn.FunctionArn && variables && Object.keys(variables).length > 0) yield { arn: fn.FunctionArn, variables };
        }
        marker = page.NextMarker;
      } while (marker);
    },
    async *stringParameters(): AsyncIterable<PlainParameter> {
      let token: string | undefined;
      do {
        const page = await ssm.send(
          new DescribeParametersCommand({
            ParameterFilters: [{ Key: 'Type', Option: 'Equals', Values: ['String'] }],
            MaxResults: DESCRIBE_PARAMETERS_PAGE,
            NextToken: token,
          }),
        );
        const names = (page.Parameters ?? []).map((p) => p.Name).filter((n): n is string => n != null);
        for (let i = 0; i < names.length; i += GET_PARAMETERS_BATCH) {
          const batch = await ssm.send(new GetParametersCommand({ Names: names.slice(i, i + GET_PARAMETERS_BATCH) }));
          for (const p of batch.Parameters ?? []) {
            // A parameter may change type between the two calls; only String values are in scope.
            if (p.Type === 'String' && p.Name && p.ARN && p.Value != null) yield { arn: p.ARN, name: p.Name, value: p.Value };
          }
        }
        token = page.NextToken;
      } while (token);
    },
  };
}
