// The port for a workspace's custom field definitions.

import type { CustomField } from '../domain/fields.js';

export interface CustomFieldStore {
  listCustomFields(workspaceId: string): Promise<CustomField[]>;
  /** Fails with ImportError `conflict` when the key exists, or when another field already maps to external_id. */
  createCustomField(workspaceId: string, field: CustomField): Promise<void>;
}
