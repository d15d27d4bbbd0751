// The import page on CloudFront: its private bucket, its deployment from web/, and the API's routes on the same origin.

import { Fn, RemovalPolicy } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
} from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { API_ROUTES, type ApiRoute } from '../../functions/routes.js';
import { webPageSource } from './web-page-source.js';

/**
 * The CloudFront path patterns that send a request to the API rather than to the page: each route's first
 * segment, alone (`/imports`) and with anything below it (`/imports/*`) when a route goes deeper. A route added to
 * functions/routes.ts is served through the distribution without touching this file.
 */
export const apiPathPatterns = (routes: readonly ApiRoute[] = API_ROUTES): string[] => {
  const patterns = routes.map(({ path }) => {
    const [first, ...below] = path.split('/').filter(Boolean);
    return below.length === 0 ? `/${first}` : `/${first}/*`;
  });
  return [...new Set(patterns)];
};

export interface WebDistributionProps {
  /** The HTTP API whose routes the distribution forwards ($default stage: served at its root). */
  api: IHttpApi;
  /** Where the page bucket's server access logs go. */
  accessLogsBucket: IBucket;
  /** Names the distribution in the console. */
  comment: string;
  /** Of the deployment handler's log group. */
  logRetention: RetentionDays;
  retainLogs: boolean;
}

export class WebDistribution extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;
  /** The role of CDK's deployment handler (a Python Lambda that copies the page into the bucket). */
  readonly deploymentRole: Role;
  readonly deploymentLogs: LogGroup;
  /** `https://<id>.cloudfront.net`: the page's origin, and the API's through it. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: WebDistributionProps) {
    super(scope, id);

    // Build output only (redeployed from web/ by every deployment): nothing here is worth keeping, whatever
    // retainData says. The deployment empties it on deletion (retainOnDelete: false below) so that it can go.
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // SSE-S3: CloudFront's origin access control reads SSE-S3 objects with no KMS key policy to maintain.
      encryption: BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'web-bucket/',
      removalPolicy: RemovalPolicy.DESTROY,
    });

    const securityHeaders = ResponseHeadersPolicy.SECURITY_HEADERS;
    const apiOrigin = new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint)), {
      protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [OriginSslPolicy.TLS_V1_2],
    });
    const apiBehavior: BehaviorOptions = {
      origin: apiOrigin,
      // API Gateway has no HTTP listener either; a redirect would turn a client's POST into a GET.
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      // Answers depend on the API key: never cached. With caching disabled, the all-viewer origin request policy
      // may forward Authorization (to the authorizer) with the body, query string and every header but Host,
      // which must be the API's own for API Gateway to route the request.
      cachePolicy: CachePolicy.CACHING_DISABLED,
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
      responseHeadersPolicy: securityHeaders,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: props.comment,
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: securityHeaders,
      },
      additionalBehaviors: Object.fromEntries(apiPathPatterns().map((pattern) => [pattern, apiBehavior])),
      httpVersion: HttpVersion.HTTP2_AND_3,
    });
    this.origin = `https://${this.distribution.distributionDomainName}`;

    // As for the product's functions: our own role and log group rather than AWSLambdaBasicExecutionRole and a
    // two-year log group; BucketDeployment adds the bucket grants it needs to this role.
    this.deploymentLogs = new LogGroup(this, 'DeploymentLogs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    this.deploymentRole = new Role(this, 'DeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Deploys the import page into its bucket (execution role)',
    });
    this.deploymentLogs.grantWrite(this.deploymentRole);

    this.deployment = new BucketDeployment(this, 'Deployment', {
      sources: [webPageSource()],
      destinationBucket: this.bucket,
      // File names carry no content hash: browsers and edges revalidate (a 304 when unchanged) rather than keep
      // an app.js older than its index.html, so a deployment is live at once without a CloudFront invalidation.
      cacheControl: [CacheControl.noCache()],
      // Keep this construct's id: with retainOnDelete false, a replaced deployment deletes the files it deployed.
      retainOnDelete: false,
      role: this.deploymentRole,
      logGroup: this.deploymentLogs,
    });
  }
}
