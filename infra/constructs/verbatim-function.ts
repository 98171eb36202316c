import { join } from 'node:path';
import type { Duration, Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { acknowledge } from '../acknowledge.js';
import { REPO_ROOT } from '../settings.js';

/**
 * Node.js 24, not 20: Lambda deprecated nodejs20.x on 30 April 2026 and has since stopped accepting
 * new and updated functions on it; 24 is the newest runtime aws-cdk-lib knows. The bundle targets
 * Node 20 syntax, the version the local runtime and the tests use, which Node 24 runs unchanged.
 */
const FUNCTION_RUNTIME = lambda.Runtime.NODEJS_24_X;
export const BUNDLE_TARGET = 'node20';

/** ESM bundles still contain CommonJS dependencies that call `require` for Node built-ins. */
export const ESM_REQUIRE_SHIM =
  "import { createRequire as __verbatimCreateRequire } from 'node:module'; const require = __verbatimCreateRequire(import.meta.url);";

export interface VerbatimFunctionProps {
  /** Entry file relative to the repository root, for example `functions/api.ts`. */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  /** Packages installed next to the bundle instead of bundled (native binaries, files read at run time). */
  nodeModules?: string[];
  ephemeralStorageSize?: Size;
  deadLetterQueue?: sqs.IQueue;
}

/**
 * A NodejsFunction with the house defaults: local esbuild bundling to minified ESM that keeps
 * function names for stack traces, with the AWS SDK inside the bundle (the version the code was
 * tested with, not the runtime's), x86_64 (the architecture
 * @sparticuz/chromium ships in its npm package), X-Ray tracing, JSON logs, and its own log group
 * with a retention period that its role may write to instead of AWSLambdaBasicExecutionRole's
 * account-wide log permissions.
 */
export class VerbatimFunction extends Construct {
  readonly fn: nodejs.NodejsFunction;
  readonly logGroup: logs.LogGroup;
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: VerbatimFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Verbatim ${id} function`,
    });
    this.logGroup.grantWrite(this.role);
    this.fn = new nodejs.NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      role: this.role,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      runtime: FUNCTION_RUNTIME,
      architecture: lambda.Architecture.X86_64,
      description: props.description,
      memorySize: props.memorySize,
      timeout: props.timeout,
      ephemeralStorageSize: props.ephemeralStorageSize,
      environment: props.environment,
      deadLetterQueue: props.deadLetterQueue,
      tracing: lambda.Tracing.ACTIVE,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      applicationLogLevelV2: lambda.ApplicationLogLevel.INFO,
      systemLogLevelV2: lambda.SystemLogLevel.WARN,
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: BUNDLE_TARGET,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_SHIM,
        minify: true,
        keepNames: true,
        externalModules: [],
        bundleAwsSDK: true,
        nodeModules: props.nodeModules,
      },
    });
    acknowledge(
      this.policy,
      'AwsSolutions-IAM5[Resource::*]',
      'Only the X-Ray statement CDK adds for active tracing (xray:PutTraceSegments, xray:PutTelemetryRecords) uses "*": X-Ray has no resource-level permissions for these actions.',
    );
  }

  /** The role's default policy, where grants to this function end up. */
  get policy(): IConstruct {
    return this.role.node.findChild('DefaultPolicy');
  }
}
