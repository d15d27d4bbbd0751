// Event fixtures shaped exactly as AWS sends them: API Gateway HTTP API (v2) requests and S3 notifications.

import type { S3Event } from 'aws-lambda';
import type { ApiEvent } from '../../functions/api-event.js';

export const apiEvent = (
  routeKey: string,
  options: {
    workspaceId?: string;
    body?: string | Buffer;
    contentType?: string;
    query?: Record<string, string>;
    pathParameters?: Record<string, string>;
  } = {},
): ApiEvent => {
  const [method = 'GET', path = '/'] = routeKey.split(' ');
  const rawPath = path.replace(/\{(\w+)\}/g, (_, name: string) => options.pathParameters?.[name] ?? name);
  const binary = Buffer.isBuffer(options.body);
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString: new URLSearchParams(options.query ?? {}).toString(),
    headers: {
      'content-type': options.contentType ?? 'application/json',
      authorization: 'Bearer cik_fixture',
      host: 'abc123.execute-api.eu-west-1.amazonaws.com',
    },
    ...(options.query ? { queryStringParameters: options.query } : {}),
    ...(options.pathParameters ? { pathParameters: options.pathParameters } : {}),
    ...(options.body !== undefined
      ? { body: binary ? (options.body as Buffer).toString('base64') : (options.body as string) }
      : {}),
    isBase64Encoded: binary,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'fixture' },
      requestId: 'req-1',
      routeKey,
      stage: '$default',
      time: '25/Nov/2026:10:00:00 +0000',
      timeEpoch: 1795600000000,
      authorizer: { lambda: { workspaceId: options.workspaceId ?? 'acme' } },
    },
  } as ApiEvent;
};

/** An S3 ObjectCreated notification; `key` is given as AWS sends it, URL-encoded with `+` for spaces. */
export const s3Event = (
  bucket: string,
  encodedKey: string,
  size: number,
  sequencer = '0062E99A88DC407460',
): S3Event => ({
  Records: [
    {
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'eu-west-1',
      eventTime: '2026-11-25T10:00:00.000Z',
      eventName: 'ObjectCreated:Put',
      userIdentity: { principalId: 'AWS:AIDAEXAMPLE' },
      requestParameters: { sourceIPAddress: '203.0.113.7' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'imports',
        bucket: {
          name: bucket,
          ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
          arn: `arn:aws:s3:::${bucket}`,
        },
        object: { key: encodedKey, size, eTag: 'd41d8cd98f00b204e9800998ecf8427e', sequencer },
      },
    },
  ],
});
