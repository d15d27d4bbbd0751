// The CDK app entry (cdk.json "app"): `npx cdk synth -c stage=prod -c alarmEmail=ops@example.com`.

import { App } from 'aws-cdk-lib';
import { addContactsImportStack } from './create-app.js';

addContactsImportStack(new App());
