// Lambda entry of the upload-url function: clients and config built once per container.

import { createAwsClients } from '../../shared/adapters/aws-clients.js';
import { createLogger } from '../../shared/observability.js';
import { buildUploadUrlDeps, uploadUrlConfigFromEnv } from './build-deps.js';
import { createHandler } from './create-handler.js';

export const handler = createHandler(
  buildUploadUrlDeps(uploadUrlConfigFromEnv(), createAwsClients(), createLogger()),
);
