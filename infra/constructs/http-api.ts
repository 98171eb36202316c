import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledge } from '../acknowledge.js';

export interface HttpApiProps {
  handler: lambda.IFunction;
  apiName: string;
  rateLimit: number;
  burstLimit: number;
}

/** HTTP API access log variables only; REST-only `$context` variables are not valid here. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationStatus: '$context.integrationStatus',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
  error: '$context.error.message',
};

/**
 * The public API: one `$default` route to the API function, which routes, authenticates (bearer
 * keys) and answers problem+json itself, the same code that serves `npm start`. The `$default`
 * stage is declared here rather than by HttpApi so it can carry throttling and access logs.
 */
export class HttpApi extends Construct {
  readonly api: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: HttpApiProps) {
    super(scope, id);
    this.api = new apigwv2.HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'Verbatim: claims, snapshots, Memento, WACZ and sources',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('Handler', props.handler, {
        payloadFormatVersion: apigwv2.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    acknowledge(
      this.api.node.findChild('DefaultRoute'),
      'AwsSolutions-APIG4',
      "The API function authorizes every request itself, the same code as the local runtime: every route except GET /health and GET /openapi.json requires Authorization: Bearer with the admin or read key from the keys secret, and a missing or wrong key gets the contract's 401 or 403 problem+json. A gateway authorizer would duplicate that check and could not answer in the contract's error format.",
    );
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.ONE_YEAR });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.rateLimit, burstLimit: props.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
  }
}
