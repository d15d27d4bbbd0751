import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { logicalId, type Synthesized, synthesize } from './synth.js';

let synthesized: Synthesized;

beforeAll(() => {
  synthesized = synthesize();
});

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
}

const acknowledgements = (): Acknowledgement[] =>
  synthesized.app.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^annotation::/i, ''),
          reason,
        })),
      ),
  );

describe('cdk-nag AwsSolutions checks', () => {
  it('find nothing unacknowledged: no error and no warning', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(synthesized.app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.description}`)).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('run at synthesis (registered on the app) and leave nothing in the validation report', () => {
    const assembly = synthesized.app.synth();
    const report = JSON.parse(readFileSync(join(assembly.directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);
  });

  it('leave no CDK warning or error annotation on the stack either', () => {
    const annotations = Annotations.fromStack(synthesized.stack);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
    expect(annotations.findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('are live: a bucket without TLS enforcement or access logs is reported', () => {
    const extra = new Stack(new App(), 'NagProbe');
    new Bucket(extra, 'Careless');
    const report = new AwsSolutionsChecks().validateScope(extra);
    expect(report.violations.map((v) => v.ruleName)).toEqual(
      expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10']),
    );
  });
});

describe('the acknowledged findings', () => {
  it('each name one finding on one construct, with a reason', () => {
    const stack = synthesized.stack;
    const bucket = `<${logicalId(stack.storage.bucket)}.Arn>`;
    const importFn = `<${logicalId(stack.functions.functions.import.fn)}.Arn>`;
    const notifications = stack.node.children.find((c) => c.node.id.startsWith('BucketNotificationsHandler'));
    const deploymentHandler = stack.node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    const pageObjects = `<${logicalId(stack.web.bucket)}.Arn>/*`;
    const assetObjects = 'arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*';
    const deploymentPolicy = 'ContactsImport-dev/Web/DeploymentRole/DefaultPolicy';
    expect(acknowledgements().map(({ path, id }) => `${path} ${id}`)).toEqual([
      `ContactsImport-dev/Functions/UploadUrl/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${bucket}/uploads/*]`,
      `ContactsImport-dev/Functions/Import/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${bucket}/uploads/*]`,
      `ContactsImport-dev/Functions/Import/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${bucket}/drops/*]`,
      `ContactsImport-dev/Functions/Import/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${bucket}/reports/*]`,
      `ContactsImport-dev/Functions/Import/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${bucket}/journals/*]`,
      'ContactsImport-dev/Functions/ImportDeadLetters AwsSolutions-SQS3',
      `ContactsImport-dev/Functions/Results/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${bucket}/reports/*]`,
      `ContactsImport-dev/Functions/Results/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${bucket}/journals/*]`,
      `${notifications?.node.path}/Role AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]`,
      `ContactsImport-dev/Continuation/StateMachine/Role/DefaultPolicy AwsSolutions-IAM5[Resource::${importFn}:*]`,
      'ContactsImport-dev/Continuation/StateMachine/Role/DefaultPolicy AwsSolutions-IAM5[Resource::*]',
      'ContactsImport-dev/Http/Api/GET--openapi.json AwsSolutions-APIG4',
      'ContactsImport-dev/Web/Distribution AwsSolutions-CFR1',
      'ContactsImport-dev/Web/Distribution AwsSolutions-CFR2',
      'ContactsImport-dev/Web/Distribution AwsSolutions-CFR3',
      'ContactsImport-dev/Web/Distribution AwsSolutions-CFR4',
      `${deploymentPolicy} AwsSolutions-IAM5[Action::s3:GetBucket*]`,
      `${deploymentPolicy} AwsSolutions-IAM5[Action::s3:GetObject*]`,
      `${deploymentPolicy} AwsSolutions-IAM5[Action::s3:List*]`,
      `${deploymentPolicy} AwsSolutions-IAM5[Action::s3:Abort*]`,
      `${deploymentPolicy} AwsSolutions-IAM5[Action::s3:DeleteObject*]`,
      `${deploymentPolicy} AwsSolutions-IAM5[Resource::${assetObjects}]`,
      `${deploymentPolicy} AwsSolutions-IAM5[Resource::${pageObjects}]`,
      `${deploymentHandler?.node.path} AwsSolutions-L1`,
    ]);
    for (const { id, reason } of acknowledgements()) {
      expect(reason.length, id).toBeGreaterThan(40);
      if (/IAM[45]/.test(id)) expect(id, 'IAM findings are acknowledged one by one').toMatch(/\[.+\]$/);
    }
  });

  it('match the raw findings one to one: none missing, none stale', () => {
    // The same pack with acknowledgements ignored, to see what they hide.
    const blind = new AwsSolutionsChecks();
    (blind as unknown as { isAcknowledged: () => boolean }).isAcknowledged = () => false;
    const findings = blind
      .validateScope(synthesized.app)
      .violations.flatMap((v) =>
        v.violatingResources.map((r) => ({ id: v.ruleName, path: r.constructPath ?? '' })),
      );
    const covers = (ack: Acknowledgement, finding: { id: string; path: string }) =>
      ack.id === finding.id && (finding.path === ack.path || finding.path.startsWith(`${ack.path}/`));
    for (const finding of findings) {
      expect(
        acknowledgements().some((ack) => covers(ack, finding)),
        `${finding.id} at ${finding.path}`,
      ).toBe(true);
    }
    for (const ack of acknowledgements()) {
      expect(
        findings.some((finding) => covers(ack, finding)),
        `${ack.id} at ${ack.path}`,
      ).toBe(true);
    }
  });
});
