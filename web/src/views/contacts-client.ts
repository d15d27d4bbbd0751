// The contacts view's calls of the HTTP API (GET, PATCH, DELETE /contacts): errors as the page's ApiError, with
// the field a 400 or 409 names, so the edit form shows the server's message next to it.

import { ApiError, networkError, toApiError } from '../api.js';
import type { ContactJson, ContactPatch, ContactsPage } from '../types.js';

/** An API error about one field of the request (`email`, `customFields.plan`), when the server names one. */
export class FieldError extends ApiError {
  constructor(
    error: ApiError,
    readonly field: string,
  ) {
    super(error.kind, error.status, error.code, error.message);
  }
}

export interface ContactsClient {
  list(query: Record<string, string>): Promise<ContactsPage>;
  edit(id: string, patch: ContactPatch): Promise<ContactJson>;
  remove(id: string, ver: number): Promise<void>;
}

export const createContactsClient = (baseUrl: string, apiKey: () => string): ContactsClient => {
  const send = async (what: string, method: 'GET' | 'PATCH' | 'DELETE', path: string, body?: unknown) => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${apiKey()}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw networkError(what);
    }
    if (response.ok) return response;
    const named = (await response
      .clone()
      .json()
      .catch(() => ({}))) as { error?: { field?: unknown } };
    const error = await toApiError(response);
    throw typeof named.error?.field === 'string' ? new FieldError(error, named.error.field) : error;
  };
  return {
    list: async (query) =>
      (await (
        await send('the contacts', 'GET', `/contacts?${new URLSearchParams(query)}`)
      ).json()) as ContactsPage,
    edit: async (id, patch) =>
      (await (
        await send('saving the contact', 'PATCH', `/contacts/${encodeURIComponent(id)}`, patch)
      ).json()) as ContactJson,
    remove: async (id, ver) => {
      await send('deleting the contact', 'DELETE', `/contacts/${encodeURIComponent(id)}?ver=${ver}`);
    },
  };
};
