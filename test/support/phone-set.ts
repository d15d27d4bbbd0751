// Every member of a phone's set as the store has it (those its head lists and its member items), for assertions.

import type { ContactStore } from '../../shared/ports/contact-store.js';

export const phoneSetMembers = async (
  store: ContactStore,
  workspaceId: string,
  phone: string,
): Promise<Record<string, string>> => {
  const head = (await store.lookupKeys(workspaceId, [], [phone])).phones.get(phone);
  if (!head) return {};
  const items = await store.phoneMembers(workspaceId, phone, {
    withoutEmail: false,
    skip: new Set(),
    limit: Number.MAX_SAFE_INTEGER,
  });
  return Object.fromEntries([...head.value.listed, ...items]);
};
