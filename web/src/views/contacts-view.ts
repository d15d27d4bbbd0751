// The contacts view (`#/contacts`): search and email/phone filters, a paged table in the API's stable order, and
// a contact's details with its edit and deletion (contacts-details.ts). Reached from the nav: Import | Contacts.

import { byId, fill, h, showMessage } from '../dom.js';
import type { ContactJson, CustomField, ImportSummary } from '../types.js';
import { createContactsClient } from './contacts-client.js';
import { createContactDetails } from './contacts-details.js';

/** `#/contacts`, or `#/contacts?import=<id>`: the contacts that import created or updated. */
export const CONTACTS_ROUTE = /^#\/contacts(?:\?import=([0-9A-HJKMNP-TV-Z]{26}))?$/;
const CONTACTS_HREF = '#/contacts';
export const importContactsHref = (importId: string): string => `${CONTACTS_HREF}?import=${importId}`;

/** A result's link to the contacts its import created or updated (none for a dry run, or an import that wrote none). */
export const importContactsPart = (summary: ImportSummary): Node | null =>
  summary.options.dryRun || summary.counts.created + summary.counts.updated === 0
    ? null
    : h(
        'a',
        { href: importContactsHref(summary.id), id: 'result-import-contacts', class: 'view-link' },
        'See the contacts this import created or updated',
      );
const PAGE_SIZE = 25;

export interface ContactsViewDeps {
  apiUrl: string;
  apiKey: () => string;
  customFields: () => CustomField[];
  onError(error: unknown, where: HTMLElement): void;
}

export interface ContactsView {
  /** Shows the view (its route ran); the first time, or for another import's contacts, loads the first page. */
  open(importId?: string): void;
}

const field = (id: string, label: string, input: HTMLInputElement, hint?: string) =>
  h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null,
  );

export const createContactsView = (deps: ContactsViewDeps): ContactsView => {
  const client = createContactsClient(deps.apiUrl, deps.apiKey);
  const workspace = byId('workspace', HTMLDivElement);

  const importLink = h('a', { href: '#/', class: 'view-link' }, 'Import');
  const contactsLink = h('a', { href: CONTACTS_HREF, class: 'view-link' }, 'Contacts');
  const nav = h('nav', { class: 'views-nav', 'aria-label': 'Views' }, importLink, contactsLink);

  const q = h('input', {
    id: 'contacts-q',
    type: 'search',
    name: 'q',
    'aria-describedby': 'contacts-q-hint',
  });
  const email = h('input', { id: 'contacts-email', type: 'email', name: 'email', autocomplete: 'off' });
  const phone = h('input', {
    id: 'contacts-phone',
    type: 'tel',
    name: 'phone',
    'aria-describedby': 'contacts-phone-hint',
  });
  const message = h('p', {
    id: 'contacts-message',
    class: 'message',
    role: 'status',
    'aria-live': 'polite',
    hidden: true,
  });
  const form = h(
    'form',
    {
      id: 'contacts-search',
      role: 'search',
      'aria-label': 'Find contacts',
      class: 'contacts-search',
      novalidate: true,
    },
    field(
      'contacts-q',
      'Search',
      q,
      'Words in the name, email, phone or company (accents and case do not matter).',
    ),
    field('contacts-email', 'Email', email),
    field(
      'contacts-phone',
      'Phone',
      phone,
      'Any format an import reads; national numbers in the default country.',
    ),
    h(
      'div',
      { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Find'),
      h('button', { type: 'button', id: 'contacts-clear', onclick: () => clear() }, 'Show all'),
    ),
  );
  const chipLabel = h('span', {});
  const chip = h(
    'p',
    { id: 'contacts-import-chip', class: 'chip', hidden: true },
    chipLabel,
    ' ',
    h(
      'a',
      {
        href: CONTACTS_HREF,
        id: 'contacts-import-clear',
        'aria-label': 'Show all contacts, not only this import’s',
      },
      'Clear',
    ),
  );
  const body = h('tbody', { id: 'contacts-body' });
  const table = h(
    'table',
    { id: 'contacts-table' },
    h('caption', { class: 'visually-hidden' }, 'Contacts, in a stable order'),
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...['Name', 'Email', 'Phone', 'Company', 'Tags'].map((name) => h('th', { scope: 'col' }, name)),
      ),
    ),
    body,
  );
  const previous = h(
    'button',
    { type: 'button', id: 'contacts-previous', onclick: () => void turn(-1) },
    'Previous',
  );
  const next = h('button', { type: 'button', id: 'contacts-next', onclick: () => void turn(1) }, 'Next');
  const pageLabel = h('span', { id: 'contacts-page', class: 'meta' });
  const details = createContactDetails({
    client,
    customFields: deps.customFields,
    onError: deps.onError,
    onChanged: () => void load(),
    onDeleted: (contact) => {
      showMessage(message, `${nameOf(contact)} was deleted.`, 'ok');
      void load();
    },
  });
  const section = h(
    'section',
    { class: 'card', id: 'contacts-section', 'aria-labelledby': 'contacts-heading' },
    h('h2', { id: 'contacts-heading', tabindex: '-1' }, 'Contacts'),
    form,
    chip,
    message,
    h('div', { class: 'table-scroll' }, table),
    h('div', { class: 'actions pager' }, previous, pageLabel, next),
    details.element,
  );
  workspace.prepend(nav);
  workspace.append(section);

  /** The cursor of each page seen so far: page n starts at cursors[n] (the first at none). */
  let cursors: Array<string | undefined> = [undefined];
  let at = 0;
  let filter: Record<string, string> = {};
  let loaded = false;

  const nameOf = (contact: ContactJson) =>
    contact.fullName ?? contact.email ?? contact.phone ?? 'The contact';

  const rowOf = (contact: ContactJson) =>
    h(
      'tr',
      { 'data-contact-id': contact.id },
      h(
        'td',
        {},
        h(
          'button',
          { type: 'button', class: 'link', onclick: () => details.show(contact) },
          contact.fullName ?? contact.email ?? contact.phone ?? '(no name)',
        ),
      ),
      h('td', {}, contact.email ?? ''),
      h('td', {}, contact.phone ?? ''),
      h('td', {}, contact.companyName ?? ''),
      h('td', {}, contact.tags.join(', ')),
    );

  const load = async () => {
    body.setAttribute('aria-busy', 'true');
    try {
      const cursor = cursors[at];
      const page = await client.list({ ...filter, limit: String(PAGE_SIZE), ...(cursor ? { cursor } : {}) });
      cursors = cursors.slice(0, at + 1);
      if (page.cursor) cursors.push(page.cursor);
      if (page.contacts.length === 0) {
        fill(
          body,
          h(
            'tr',
            {},
            h(
              'td',
              { colspan: 5 },
              Object.keys(filter).length > 0 ? 'No contact found.' : 'No contacts yet.',
            ),
          ),
        );
      } else fill(body, ...page.contacts.map(rowOf));
      previous.disabled = at === 0;
      next.disabled = !page.cursor;
      pageLabel.textContent = `Page ${at + 1}`;
      loaded = true;
    } catch (error) {
      deps.onError(error, message);
    } finally {
      body.removeAttribute('aria-busy');
    }
  };

  const turn = async (step: number) => {
    at = Math.max(0, at + step);
    await load();
  };

  const clear = () => {
    form.reset();
    void search();
  };

  /** One filter, as the API takes them: an email, else a phone, else the search words. */
  const search = async () => {
    showMessage(message, '');
    // The form's filters replace an import's (one filter at a time, as the API takes them).
    chip.hidden = true;
    if (window.location.hash !== CONTACTS_HREF) history.replaceState(null, '', CONTACTS_HREF);
    const given = { email: email.value.trim(), phone: phone.value.trim(), q: q.value.trim() };
    filter = given.email
      ? { email: given.email }
      : given.phone
        ? { phone: given.phone }
        : given.q
          ? { q: given.q }
          : {};
    cursors = [undefined];
    at = 0;
    details.hide();
    await load();
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void search();
  });

  /** Which view shows: the nav's current link, and the cards of the other view hidden (styles.css). */
  const sync = () => {
    const inContacts = CONTACTS_ROUTE.test(window.location.hash);
    workspace.dataset.view = inContacts ? 'contacts' : 'import';
    if (inContacts) {
      contactsLink.setAttribute('aria-current', 'page');
      importLink.removeAttribute('aria-current');
    } else {
      importLink.setAttribute('aria-current', 'page');
      contactsLink.removeAttribute('aria-current');
    }
  };
  window.addEventListener('hashchange', sync);
  sync();

  return {
    open: (importId) => {
      sync();
      if (importId !== undefined && filter.importId !== importId) {
        form.reset();
        filter = { importId };
        chipLabel.textContent = `Contacts of import ${importId}`;
        chip.hidden = false;
        cursors = [undefined];
        at = 0;
        details.hide();
        void load();
      } else if (importId === undefined && filter.importId !== undefined) {
        chip.hidden = true;
        filter = {};
        cursors = [undefined];
        at = 0;
        void load();
      } else if (!loaded) void load();
    },
  };
};
