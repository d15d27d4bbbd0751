// DELETE /contacts/{id} as a use case: the contact goes, with its email guard and its phone set membership.

import { changeContact } from './change-contact.js';
import type { ContactWriteDeps } from './edit-contact.js';

export const deleteContact = async (
  deps: Pick<ContactWriteDeps, 'contactStore'>,
  workspaceId: string,
  contactId: string,
  expectedVersion?: number,
): Promise<void> => {
  await changeContact(
    deps.contactStore,
    { workspaceId, contactId, ...(expectedVersion !== undefined ? { expectedVersion } : {}) },
    () => 'remove',
  );
};
