// Synthesizes the app as `cdk synth` does (cdk.json's context) and reads the template back, for the infra tests.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { REPO_ROOT } from '../../infra/constructs/function-entries.js';
import type { ContactsImportStack } from '../../infra/contacts-import-stack.js';
import { addContactsImportStack } from '../../infra/create-app.js';

const CDK_JSON = JSON.parse(readFileSync(join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
  context: Record<string, unknown>;
};

/** A value of the template's JSON: untyped, as CloudFormation is. */
export type CfnValue = ReturnType<Template['toJSON']>[string];

export interface Synthesized {
  app: App;
  stack: ContactsImportStack;
  template: Template;
}

/**
 * The app with cdk.json's feature flags plus `context`. `bundle: false` skips esbuild (CDK's own switch,
 * `aws:cdk:bundling-stacks`) for tests that only vary configuration.
 */
export const synthesize = (
  context: Record<string, unknown> = {},
  options: { bundle?: boolean } = {},
): Synthesized => {
  const app = new App({
    context: {
      ...CDK_JSON.context,
      ...(options.bundle === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
      ...context,
    },
  });
  const stack = addContactsImportStack(app);
  return { app, stack, template: Template.fromStack(stack) };
};

/** The logical id CloudFormation knows a construct's resource by. */
export const logicalId = (construct: IConstruct): string => {
  const element = (construct.node.defaultChild ?? construct) as CfnElement;
  return Stack.of(construct).resolve(element.logicalId) as string;
};

/**
 * An intrinsic as readable text: `{ "Fn::GetAtt": ["Bucket", "Arn"] }` → `<Bucket.Arn>`, `${AWS::Region}` in a
 * Fn::Sub → `<AWS::Region>`; joins concatenated.
 */
export const render = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const intrinsic = value as Record<string, unknown>;
    if ('Ref' in intrinsic) return `<${String(intrinsic.Ref)}>`;
    if ('Fn::GetAtt' in intrinsic) return `<${(intrinsic['Fn::GetAtt'] as string[]).join('.')}>`;
    if (typeof intrinsic['Fn::Sub'] === 'string')
      return intrinsic['Fn::Sub'].replace(/\$\{([^}]+)\}/g, '<$1>');
    if ('Fn::Join' in intrinsic) {
      const [separator, parts] = intrinsic['Fn::Join'] as [string, unknown[]];
      return parts.map(render).join(separator);
    }
  }
  return JSON.stringify(value);
};

export interface Statement {
  Effect: string;
  Action: string[];
  Resource: string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const asArray = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** Every statement of the policies attached to a role, actions and resources as arrays of text. */
export const roleStatements = (template: Template, roleLogicalId: string): Statement[] =>
  Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy) =>
      asArray(policy.Properties.Roles).some((role) => render(role) === `<${roleLogicalId}>`),
    )
    .flatMap((policy) => asArray(policy.Properties.PolicyDocument.Statement))
    .map((statement: Record<string, unknown>) => ({
      Effect: statement.Effect as string,
      Action: asArray(statement.Action as string | string[]),
      Resource: asArray(statement.Resource).map(render),
      ...(statement.Condition ? { Condition: statement.Condition as Statement['Condition'] } : {}),
    }));

/** The template with content hashes masked, so that the snapshot holds on any machine and esbuild version. */
export const maskHashes = (template: unknown): unknown =>
  JSON.parse(JSON.stringify(template).replace(/[0-9a-f]{64}/g, '[HASH]'));
