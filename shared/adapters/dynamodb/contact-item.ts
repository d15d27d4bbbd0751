// Converts a contact to its DynamoDB item and back, with the GSI attribute of its external id.

import { searchTextOf } from '../../contacts/search-text.js';
import { CONTACT_TEXT_FIELDS, type Contact } from '../../domain/contact.js';
import type { CustomValue } from '../../domain/fields.js';
import { indexValues, keys } from './table-design.js';

export const toContactItem = (
  contact: Contact,
  version: number,
  externalIdKey?: string,
): Record<string, unknown> => {
  // Own values only: a key such as `constructor` must not read what every object inherits.
  const externalId =
    externalIdKey && Object.hasOwn(contact.customFields, externalIdKey)
      ? contact.customFields[externalIdKey]
      : undefined;
  return {
    ...keys.contact(contact.workspaceId, contact.id),
    ...contact,
    ver: version,
    // What `GET /contacts?q=` filters on: folded once here, so a query's filter is a plain `contains`.
    search: searchTextOf(contact),
    gsiExternalId:
      externalId !== undefined && externalId !== ''
        ? indexValues.externalId(contact.workspaceId, String(externalId))
        : undefined,
  };
};

export const fromContactItem = (item: Record<string, unknown>): Contact => {
  const contact: Contact = {
    id: item.id as string,
    workspaceId: item.workspaceId as string,
    tags: (item.tags as string[] | undefined) ?? [],
    customFields: (item.customFields as Record<string, CustomValue> | undefined) ?? {},
    createdAt: item.createdAt as string,
    updatedAt: item.updatedAt as string,
  };
  for (const field of CONTACT_TEXT_FIELDS) {
    const value = item[field];
    if (typeof value === 'string') contact[field] = value;
  }
  const createdBy = item.createdBy as { importId?: unknown; row?: unknown } | undefined;
  if (typeof createdBy?.importId === 'string' && typeof createdBy.row === 'number') {
    contact.createdBy = { importId: createdBy.importId, row: createdBy.row };
  }
  return contact;
};
