// The API key form: the key is kept in localStorage and checked against the API before the page opens up.

import { byId, showMessage } from '../dom.js';

const STORAGE_KEY = 'contacts-import.apiKey';

export interface KeyView {
  /** The key stored in this browser, if any. */
  stored(): string | undefined;
  remember(key: string): void;
  showAccepted(): void;
  showRefused(message: string): void;
  showChecking(): void;
}

export const createKeyView = (handlers: { onKey(key: string): void; onForget(): void }): KeyView => {
  const form = byId('key-form', HTMLFormElement);
  const input = byId('api-key', HTMLInputElement);
  const forget = byId('forget-key', HTMLButtonElement);
  const message = byId('key-message', HTMLParagraphElement);

  const readStorage = (): string | undefined => {
    try {
      return localStorage.getItem(STORAGE_KEY) ?? undefined;
    } catch {
      return undefined;
    }
  };

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const key = input.value.trim();
    if (key === '') {
      showMessage(message, 'Enter your workspace API key.', 'error');
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    handlers.onKey(key);
  });
  forget.addEventListener('click', () => {
    try {
      localStorage.removeItem(STORAGE_KEY);
    } catch {
      // Storage may be disabled: nothing was kept then.
    }
    input.value = '';
    forget.hidden = true;
    showMessage(message, 'The key was removed from this browser.', 'info');
    input.focus();
    handlers.onForget();
  });

  const stored = readStorage();
  if (stored) input.value = stored;

  return {
    stored: () => readStorage(),
    remember: (key) => {
      try {
        localStorage.setItem(STORAGE_KEY, key);
      } catch {
        // Private windows may refuse storage: the key then lasts as long as the page.
      }
      input.value = key;
      forget.hidden = false;
    },
    showChecking: () => showMessage(message, 'Checking the key…', 'info'),
    showAccepted: () => {
      input.removeAttribute('aria-invalid');
      showMessage(message, 'Key accepted.', 'ok');
    },
    showRefused: (text) => {
      input.setAttribute('aria-invalid', 'true');
      showMessage(message, text, 'error');
      input.focus();
    },
  };
};
