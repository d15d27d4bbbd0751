// Builds the app: the stack of the configured stage, checked by cdk-nag's AwsSolutions pack at synthesis.

import { type App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.js';
import { ContactsImportStack } from './contacts-import-stack.js';

export const addContactsImportStack = (app: App): ContactsImportStack => {
  const config = readConfig(app.node);
  // No env: the stack is environment-agnostic, synthesizes without credentials and deploys to the CLI's account.
  const stack = new ContactsImportStack(app, `ContactsImport-${config.stage}`, {
    description: `Contact CSV import (${config.stage})`,
    config,
  });
  Tags.of(stack).add('project', 'contacts-import');
  Tags.of(stack).add('stage', config.stage);
  // Every finding fails synthesis unless acknowledged (infra/nag-acknowledgements.ts).
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
};
