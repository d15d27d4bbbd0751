// PATCH /contacts/{id} as a use case: the workspace's fields and settings read, then one change written.

import type { ContactPatch } from '../api/contacts.js';
import type { Contact } from '../domain/contact.js';
import { toPhoneCountry } from '../domain/normalize-phone.js';
import { DEFAULT_VALUE_FORMAT } from '../domain/parse-custom-value.js';
import type { ContactStore } from '../ports/contact-store.js';
import type { CustomFieldStore } from '../ports/custom-field-store.js';
import type { SettingsStore } from '../ports/settings-store.js';
import { applyContactPatch } from './apply-contact-patch.js';
import { changeContact } from './change-contact.js';

export interface ContactWriteDeps {
  contactStore: ContactStore;
  customFields: CustomFieldStore;
  settings: SettingsStore;
  now: () => Date;
}

export const editContact = async (
  deps: ContactWriteDeps,
  workspaceId: string,
  contactId: string,
  patch: Omit<ContactPatch, 'ver'>,
  expectedVersion?: number,
): Promise<{ contact: Contact; version: number }> => {
  const [customFields, settings] = await Promise.all([
    deps.customFields.listCustomFields(workspaceId),
    deps.settings.getSettings(workspaceId),
  ]);
  const ctx = {
    customFields,
    country: toPhoneCountry(settings.defaultCountry ?? 'US') ?? 'US',
    format: {
      dateFormat: settings.dateFormat ?? DEFAULT_VALUE_FORMAT.dateFormat,
      decimalSeparator: settings.decimalSeparator ?? DEFAULT_VALUE_FORMAT.decimalSeparator,
    },
  };
  const externalIdKey = customFields.find((field) => field.mapsTo === 'external_id')?.key;
  const now = deps.now().toISOString();
  const result = await changeContact(
    deps.contactStore,
    {
      workspaceId,
      contactId,
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      ...(externalIdKey ? { externalIdKey } : {}),
    },
    (contact) => applyContactPatch(contact, patch, ctx, now),
  );
  if ('removed' in result) throw new Error('an edit never removes a contact');
  return result;
};
