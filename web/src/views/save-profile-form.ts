// "Save these settings as a profile…" in the mapping step: a name, then PUT /import-profiles/{name} (SPEC §11).

import { h, showMessage } from '../dom.js';

/** As the server checks a profile's name (shared/profiles/profile-name.ts); the page bundles none of shared/. */
const PROFILE_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** A disclosure with the name field; `onSave` saves the settings shown under that name, a refusal is shown here. */
export const saveProfileForm = (options: {
  onSave(name: string): Promise<void>;
  describeError(error: unknown): string;
}): HTMLElement => {
  const name = h('input', {
    id: 'profile-name',
    name: 'profileName',
    required: true,
    autocomplete: 'off',
    spellcheck: 'false',
    maxlength: 64,
    'aria-describedby': 'profile-name-hint profile-name-message',
  });
  const message = h('p', {
    class: 'message',
    id: 'profile-name-message',
    role: 'status',
    'aria-live': 'polite',
    hidden: true,
  });
  const submit = h('button', { type: 'submit', class: 'primary small' }, 'Save the profile');
  const form = h(
    'form',
    { class: 'save-profile', id: 'save-profile-form', novalidate: true },
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'profile-name' }, 'Profile name'),
      name,
      h(
        'p',
        { class: 'hint', id: 'profile-name-hint' },
        'Letters, digits, "-" or "_", up to 64. A profile of that name is replaced.',
      ),
    ),
    h('div', { class: 'actions' }, submit),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const value = name.value.trim();
    if (!PROFILE_NAME.test(value)) {
      name.setAttribute('aria-invalid', 'true');
      showMessage(message, 'A profile name is 1 to 64 letters, digits, "-" or "_".', 'error');
      name.focus();
      return;
    }
    submit.disabled = true;
    showMessage(message, `Saving “${value}”…`, 'info');
    try {
      await options.onSave(value);
      name.removeAttribute('aria-invalid');
      showMessage(message, `Saved as “${value}”: it is in the list of saved settings.`, 'ok');
    } catch (error) {
      name.setAttribute('aria-invalid', 'true');
      showMessage(message, options.describeError(error), 'error');
      name.focus();
    } finally {
      submit.disabled = false;
    }
  });
  return h(
    'details',
    { class: 'save-profile-details', id: 'save-profile' },
    h('summary', {}, 'Save these settings as a profile…'),
    form,
  );
};
