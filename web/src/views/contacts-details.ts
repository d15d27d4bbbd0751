// One contact's details, its edit form (PATCH with its `ver`; the server's 400/409 shown next to the field) and
// its deletion after a confirmation (DELETE with its `ver`).

import { fill, h, showMessage } from '../dom.js';
import { describeError } from '../page-errors.js';
import type { ContactJson, ContactPatch, CustomField } from '../types.js';
import { type ContactsClient, FieldError } from './contacts-client.js';

type TextField = 'firstName' | 'lastName' | 'fullName' | 'email' | 'phone' | 'companyName' | 'jobTitle';

const TEXT_FIELDS: Array<[TextField, string, string]> = [
  ['firstName', 'First name', 'text'],
  ['lastName', 'Last name', 'text'],
  ['fullName', 'Full name', 'text'],
  ['email', 'Email', 'email'],
  ['phone', 'Phone', 'tel'],
  ['companyName', 'Company', 'text'],
  ['jobTitle', 'Job title', 'text'],
];

export interface ContactDetailsDeps {
  client: ContactsClient;
  customFields: () => CustomField[];
  onError(error: unknown, where: HTMLElement): void;
  onChanged(contact: ContactJson): void;
  onDeleted(contact: ContactJson): void;
}

export interface ContactDetails {
  element: HTMLElement;
  show(contact: ContactJson): void;
  hide(): void;
}

/** A field's input id: `contact-edit-email`, `contact-edit-custom-plan`. */
const inputId = (field: string) => `contact-edit-${field.replace(/^customFields\./, 'custom-')}`;

const textOf = (value: unknown): string => (value === null || value === undefined ? '' : String(value));

export const createContactDetails = (deps: ContactDetailsDeps): ContactDetails => {
  let contact: ContactJson | undefined;
  const heading = h('h3', { id: 'contact-details-heading', tabindex: '-1' });
  const facts = h('dl', { class: 'facts', id: 'contact-facts' });
  const message = h('p', {
    id: 'contact-message',
    class: 'message',
    role: 'status',
    'aria-live': 'polite',
    hidden: true,
  });
  const editButton = h('button', { type: 'button', id: 'contact-edit', onclick: () => openForm() }, 'Edit');
  const deleteButton = h(
    'button',
    { type: 'button', id: 'contact-delete', onclick: () => askDelete() },
    'Delete',
  );
  const form = h('form', { id: 'contact-edit-form', class: 'field-form', novalidate: true, hidden: true });
  const formMessage = h('p', { id: 'contact-edit-message', class: 'message', role: 'alert', hidden: true });
  const confirmText = h('p', { id: 'contact-delete-question' });
  const confirm = h(
    'div',
    {
      id: 'contact-delete-confirm',
      class: 'message',
      'data-kind': 'error',
      role: 'group',
      'aria-labelledby': 'contact-delete-question',
      hidden: true,
    },
    confirmText,
    h(
      'div',
      { class: 'actions' },
      h(
        'button',
        { type: 'button', id: 'contact-delete-yes', class: 'primary', onclick: () => void remove() },
        'Delete contact',
      ),
      h('button', { type: 'button', id: 'contact-delete-no', onclick: () => closeConfirm() }, 'Keep it'),
    ),
  );
  const element = h(
    'section',
    { id: 'contact-details', class: 'panel', 'aria-labelledby': 'contact-details-heading', hidden: true },
    heading,
    facts,
    h('div', { class: 'actions' }, editButton, deleteButton),
    message,
    confirm,
    form,
  );

  const draw = (shown: ContactJson) => {
    contact = shown;
    heading.textContent = shown.fullName ?? shown.email ?? shown.phone ?? 'Contact';
    const fact = (label: string, value: string) => [
      h('div', {}, h('dt', {}, label), h('dd', {}, value || '—')),
    ];
    const labels = new Map(deps.customFields().map((field) => [field.key, field.label]));
    fill(
      facts,
      ...TEXT_FIELDS.flatMap(([name, label]) => fact(label, textOf(shown[name]))),
      ...fact('Tags', shown.tags.join(', ')),
      ...Object.entries(shown.customFields).flatMap(([key, value]) =>
        fact(labels.get(key) ?? key, textOf(value)),
      ),
      ...fact('Updated', new Date(shown.updatedAt).toLocaleString('en-US')),
    );
  };

  /** The form's inputs by field (`email`, `tags`, `customFields.plan`), with the message element of each. */
  let inputs = new Map<string, { input: HTMLInputElement; error: HTMLElement; initial: string }>();

  const openForm = () => {
    if (!contact) return;
    closeConfirm();
    inputs = new Map();
    const row = (name: string, label: string, type: string, value: string) => {
      const id = inputId(name);
      const error = h('p', { id: `${id}-error`, class: 'message', 'data-kind': 'error', hidden: true });
      const input = h('input', { id, name, type, value, 'aria-describedby': `${id}-error` });
      inputs.set(name, { input, error, initial: value });
      return h('div', { class: 'field' }, h('label', { for: id }, label), input, error);
    };
    const shown = contact;
    fill(
      form,
      h(
        'fieldset',
        {},
        h('legend', {}, 'Edit the contact'),
        ...TEXT_FIELDS.map(([name, label, type]) => row(name, label, type, textOf(shown[name]))),
        row('tags', 'Tags (separated by commas)', 'text', shown.tags.join(', ')),
        ...deps
          .customFields()
          .map((field) =>
            row(`customFields.${field.key}`, field.label, 'text', textOf(shown.customFields[field.key])),
          ),
        formMessage,
        h(
          'div',
          { class: 'actions' },
          h('button', { type: 'submit', class: 'primary', id: 'contact-save' }, 'Save'),
          h('button', { type: 'button', id: 'contact-cancel', onclick: () => closeForm() }, 'Cancel'),
        ),
      ),
    );
    form.hidden = false;
    inputs.get('firstName')?.input.focus();
  };

  const closeForm = () => {
    form.hidden = true;
    fill(form);
    editButton.focus();
  };

  const clearErrors = () => {
    showMessage(formMessage, '');
    for (const { input, error } of inputs.values()) {
      input.removeAttribute('aria-invalid');
      showMessage(error, '', 'error');
    }
  };

  /** Only what the person changed is sent: another writer's change to the rest stays (and `ver` guards it). */
  const patchOf = (shown: ContactJson): ContactPatch => {
    const patch: ContactPatch = { ver: shown.ver };
    const customFields: Record<string, string | null> = {};
    for (const [name, { input, initial }] of inputs) {
      const value = input.value.trim();
      if (value === initial.trim()) continue;
      if (name.startsWith('customFields.')) customFields[name.slice('customFields.'.length)] = value || null;
      else if (name === 'tags') patch.tags = value;
      else patch[name as TextField] = value || null;
    }
    if (Object.keys(customFields).length > 0) patch.customFields = customFields;
    return patch;
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!contact) return;
    clearErrors();
    try {
      const saved = await deps.client.edit(contact.id, patchOf(contact));
      draw(saved);
      closeForm();
      showMessage(message, 'Saved.', 'ok');
      deps.onChanged(saved);
    } catch (error) {
      const named = error instanceof FieldError ? inputs.get(error.field) : undefined;
      if (named) {
        named.input.setAttribute('aria-invalid', 'true');
        showMessage(named.error, describeError(error), 'error');
        named.input.focus();
      } else if (error instanceof FieldError && error.code === 'version_conflict') {
        showMessage(
          formMessage,
          `${describeError(error)}. Close the form and open the contact again.`,
          'error',
        );
      } else deps.onError(error, formMessage);
    }
  });

  const askDelete = () => {
    if (!contact) return;
    if (!form.hidden) closeForm();
    confirmText.textContent = `Delete ${heading.textContent}? Its email and phone are freed; this cannot be undone.`;
    confirm.hidden = false;
    (confirm.querySelector('#contact-delete-no') as HTMLButtonElement | null)?.focus();
  };

  const closeConfirm = () => {
    confirm.hidden = true;
  };

  const remove = async () => {
    if (!contact) return;
    const gone = contact;
    try {
      await deps.client.remove(gone.id, gone.ver);
      closeConfirm();
      hide();
      deps.onDeleted(gone);
    } catch (error) {
      closeConfirm();
      deps.onError(error, message);
    }
  };

  const hide = () => {
    element.hidden = true;
    contact = undefined;
  };

  return {
    element,
    show: (shown) => {
      showMessage(message, '');
      closeConfirm();
      form.hidden = true;
      draw(shown);
      element.hidden = false;
      heading.focus();
    },
    hide,
  };
};
