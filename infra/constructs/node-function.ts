// One Lambda as this product builds them all: esbuild-bundled ESM on nodejs24.x/ARM64, its own log group and role.

import { type Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { REPO_ROOT } from './function-entries.js';

export interface NodeFunctionProps {
  entry: string;
  description: string;
  /** MB; the CPU share grows with it (1769 MB = one full vCPU). */
  memorySize: number;
  timeout: Duration;
  logRetention: RetentionDays;
  retainLogs: boolean;
  environment?: Record<string, string>;
}

/**
 * esbuild runs locally (no Docker). The AWS SDK is bundled rather than taken from the runtime: the code runs
 * against the SDK versions its tests ran against (package-lock.json), and one tree-shaken, minified file loads
 * faster at cold start than resolving the runtime's copy of the whole SDK.
 */
const BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  sourceMap: true,
  sourceMapMode: SourceMapMode.DEFAULT,
  // Stack traces map back to file and line; the sources themselves need not ship.
  sourcesContent: false,
  bundleAwsSDK: true,
  // Prefer packages' ESM builds, which tree-shake.
  mainFields: ['module', 'main'],
  // CommonJS dependencies bundled into ESM still call require() for Node built-ins: give them one.
  banner:
    "import { createRequire as __createRequire } from 'node:module';const require=__createRequire(import.meta.url);",
} as const;

export class NodeFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: props.retainLogs ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    // Our own role rather than AWSLambdaBasicExecutionRole: it may write to this log group only, and the
    // bindings add exactly what the function uses.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (execution role)`,
    });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: props.entry,
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: `${REPO_ROOT}package-lock.json`,
      description: props.description,
      runtime: Runtime.NODEJS_24_X,
      // Graviton: cheaper per GB-second than x86 and as fast for this JavaScript.
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      // Platform lines (START, REPORT, uncaught errors) as JSON too, beside Powertools' JSON application logs.
      loggingFormat: LoggingFormat.JSON,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: { ...BUNDLING, mainFields: [...BUNDLING.mainFields] },
    });
  }
}
