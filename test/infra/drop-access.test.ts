import { AwsSolutionsChecks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { render, synthesize } from './synth.js';

/** IAM's resource match: `*` stands for any run of characters, `/` included; the rest is literal. */
const admits = (resourcePattern: string, arn: string): boolean =>
  new RegExp(
    `^${resourcePattern
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  ).test(arn);

const dropPolicies = (context: Record<string, unknown>) => {
  const { template, app, stack } = synthesize(context, { bundle: false });
  const policies = Object.values(template.findResources('AWS::IAM::ManagedPolicy')).map((policy) => ({
    description: policy.Properties.Description as string,
    statements: (policy.Properties.PolicyDocument.Statement as Record<string, unknown>[]).map((s) => ({
      Effect: s.Effect,
      Action: s.Action,
      Resource: render(s.Resource),
    })),
  }));
  return { policies, app, stack, outputs: template.findOutputs('*') };
};

describe('drop access for one workspace (issue: any writer on drops/* reaches every workspace)', () => {
  it('makes no drop policy unless the context names workspaces', () => {
    expect(dropPolicies({}).policies).toEqual([]);
  });

  it('gives each named workspace one policy that writes under drops/<ws>/ and nowhere else', () => {
    // Prepare / Act
    const { policies, outputs } = dropPolicies({ dropWorkspaces: 'acme, acme-eu' });
    // Assess: one policy each, only PutObject and AbortMultipartUpload, on that workspace's drops
    expect(policies).toHaveLength(2);
    const byWorkspace = new Map(policies.map((p) => [/workspace (\S+) only/.exec(p.description)?.[1], p]));
    const acme = byWorkspace.get('acme')?.statements;
    expect(acme).toHaveLength(1);
    expect(acme?.[0]?.Effect).toBe('Allow');
    expect(acme?.[0]?.Action).toEqual(['s3:AbortMultipartUpload', 's3:PutObject']);
    const pattern = String(acme?.[0]?.Resource);
    const bucketArn = pattern.slice(0, pattern.indexOf('/drops/'));
    expect(bucketArn).toMatch(/^<ImportsBucket[A-Z0-9]+\.Arn>$/);
    // The pattern admits acme's drops at any depth, and not another workspace's, uploads or reports.
    expect(admits(pattern, `${bucketArn}/drops/acme/crm/nightly.csv`)).toBe(true);
    expect(admits(pattern, `${bucketArn}/drops/acme-eu/nightly.csv`)).toBe(false);
    expect(admits(pattern, `${bucketArn}/drops/acmecorp/nightly.csv`)).toBe(false);
    expect(admits(pattern, `${bucketArn}/drops/globex/nightly.csv`)).toBe(false);
    expect(admits(pattern, `${bucketArn}/uploads/acme/01J0000000000000000000000.csv`)).toBe(false);
    expect(admits(pattern, `${bucketArn}/reports/acme/x/errors.csv`)).toBe(false);
    const acmeEu = String(byWorkspace.get('acme-eu')?.statements[0]?.Resource);
    expect(admits(acmeEu, `${bucketArn}/drops/acme-eu/nightly.csv`)).toBe(true);
    expect(admits(acmeEu, `${bucketArn}/drops/acme/nightly.csv`)).toBe(false);
    // Each policy's ARN is an output, to attach to the system that drops the files.
    expect(Object.keys(outputs).filter((key) => key.includes('PolicyArn'))).toHaveLength(2);
  });

  it('passes cdk-nag with the drop policies in place, each wildcard acknowledged with its reason', () => {
    const { app } = dropPolicies({ dropWorkspaces: ['acme', 'globex'] });
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    expect(report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.description}`)).toEqual([]);
  });

  it.each([['acme/eu'], ['*'], ['a b']])('refuses the workspace id %s', (id) => {
    expect(() => dropPolicies({ dropWorkspaces: id })).toThrow(/context "dropWorkspaces"/);
  });
});
