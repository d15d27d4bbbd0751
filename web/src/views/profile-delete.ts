// "Delete this profile" beside the profile select: a confirmation in words, then DELETE /import-profiles/{name}.

import { ApiError } from '../api.js';
import { h, showMessage } from '../dom.js';

export interface ProfileDeleteDeps {
  /** DELETE /import-profiles/{name}; throws what the server answered. */
  deleteProfile(name: string): Promise<void>;
  /** Fills the select from GET /import-profiles again. */
  reloadProfiles(): Promise<void>;
  onError(error: unknown, where: HTMLElement): void;
}

export interface ProfileDelete {
  /** Shows the button for the profile chosen now (none for "No profile"), closing an open confirmation. */
  update(): void;
}

/** Adds the control after the select's field; the select's own change events are the caller's to forward. */
export const createProfileDelete = (select: HTMLSelectElement, deps: ProfileDeleteDeps): ProfileDelete => {
  const open = h('button', { type: 'button', class: 'small', id: 'profile-delete' }, 'Delete this profile');
  const question = h('p', { id: 'profile-delete-question', tabindex: -1 });
  const confirm = h('button', { type: 'button', class: 'danger small', id: 'profile-delete-confirm' });
  const keep = h('button', { type: 'button', class: 'small' }, 'Keep it');
  const box = h(
    'div',
    {
      class: 'undo-confirm profile-confirm',
      role: 'group',
      'aria-labelledby': 'profile-delete-question',
      hidden: true,
    },
    question,
    h('div', { class: 'actions' }, confirm, keep),
  );
  const message = h('p', { class: 'message', id: 'profile-delete-message', role: 'status', hidden: true });
  const control = h('div', { class: 'profile-delete' }, open, box, message);
  (select.closest('.field') ?? select).after(control);

  let pending = '';
  const close = () => {
    box.hidden = true;
    open.hidden = select.value === '';
  };
  open.addEventListener('click', () => {
    pending = select.value;
    if (!pending) return;
    question.textContent = `Delete the profile “${pending}”? Imports already started keep the settings they started with.`;
    confirm.textContent = `Delete “${pending}”`;
    message.hidden = true;
    open.hidden = true;
    box.hidden = false;
    question.focus();
  });
  keep.addEventListener('click', () => {
    close();
    open.focus();
  });
  confirm.addEventListener('click', async () => {
    const name = pending;
    confirm.disabled = true;
    try {
      let said = `Deleted the profile “${name}”.`;
      try {
        await deps.deleteProfile(name);
      } catch (error) {
        // Someone else deleted it meanwhile: the list is reloaded all the same, and what happened said.
        if (!(error instanceof ApiError && error.status === 404)) throw error;
        said = `The profile “${name}” was already deleted.`;
      }
      await deps.reloadProfiles();
      showMessage(message, said, 'ok');
      // The select let go of the profile: what depends on the choice (the preview) follows it.
      if (select.value !== name) select.dispatchEvent(new Event('change'));
    } catch (error) {
      deps.onError(error, message);
    } finally {
      confirm.disabled = false;
      close();
      select.focus();
    }
  });
  close();
  return { update: close };
};
