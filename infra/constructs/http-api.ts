// The HTTP API: the routes of functions/routes.ts, the API-key authorizer on every one but the public ones,
// throttling, access logs.

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  type HttpRoute,
  HttpStage,
  LogGroupLogDestination,
  type ThrottleSettings,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES, type ApiFunction } from '../../functions/routes.js';

/** Per-stage default: generous for people and scripts, a ceiling for a runaway client's bill. */
export const DEFAULT_THROTTLE: Required<ThrottleSettings> = { rateLimit: 50, burstLimit: 100 };

/**
 * One JSON line per request: ids, route, status, timings and errors. No source IP, user agent or query string:
 * logs carry no personal data (SPEC §8), and a query string may hold an email (`GET /contacts?email=`).
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    responseLatency: '$context.responseLatency',
    integrationLatency: '$context.integrationLatency',
    integrationStatus: '$context.integrationStatus',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
    workspaceId: '$context.authorizer.workspaceId',
  }),
);

export interface ContactsHttpApiProps {
  apiName: string;
  authorizer: IFunction;
  /** The function behind each `fn` of functions/routes.ts. */
  handlers: Record<ApiFunction, IFunction>;
  /** Browser origins allowed to call the API; none: no CORS preflight is answered. */
  corsOrigins: string[];
  throttle?: ThrottleSettings;
  logRetention: RetentionDays;
  retainLogs: boolean;
}

export class ContactsHttpApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The routes served without an API key (cdk-nag's APIG4 is acknowledged on these only). */
  readonly publicRoutes: HttpRoute[] = [];

  constructor(scope: Construct, id: string, props: ContactsHttpApiProps) {
    super(scope, id);

    const authorizer = new HttpLambdaAuthorizer('ApiKeyAuthorizer', props.authorizer, {
      // Simple responses ({ isAuthorized, context }), which implies payload format 2.0.
      responseTypes: [HttpLambdaResponseType.SIMPLE],
      identitySource: ['$request.header.Authorization'],
      // A key's answer is cached per Authorization header: a revoked key works for at most this long more.
      resultsCacheTtl: Duration.seconds(60),
    });

    this.httpApi = new HttpApi(this, 'Api', {
      apiName: props.apiName,
      description: 'Contact CSV import: uploads, imports, error reports, custom fields and contacts.',
      // The default authorizer covers every route, including any added later.
      defaultAuthorizer: authorizer,
      // The stage is declared below, with its throttling and access logs.
      createDefaultStage: false,
      ...(props.corsOrigins.length > 0
        ? {
            corsPreflight: {
              allowOrigins: props.corsOrigins,
              allowMethods: [
                CorsHttpMethod.GET,
                CorsHttpMethod.POST,
                CorsHttpMethod.PUT,
                CorsHttpMethod.PATCH,
                CorsHttpMethod.DELETE,
                CorsHttpMethod.OPTIONS,
              ],
              allowHeaders: ['Authorization', 'Content-Type', 'If-Match'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
    });

    const integrations = Object.fromEntries(
      Object.entries(props.handlers).map(([name, fn]) => [
        name,
        new HttpLambdaIntegration(`${name}-integration`, fn),
      ]),
    ) as Record<ApiFunction, HttpLambdaIntegration>;
    for (const route of API_ROUTES) {
      const added = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: integrations[route.fn],
        // A public route (the API's own description) opts out of the default authorizer, and only it.
        ...('public' in route ? { authorizer: new HttpNoneAuthorizer() } : {}),
      });
      if ('public' in route) this.publicRoutes.push(...added);
    }

    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // `$default`: the routes are served at the root, exactly the paths of SPEC §7 (a named stage would prefix them).
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.throttle ?? DEFAULT_THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
  }
}
