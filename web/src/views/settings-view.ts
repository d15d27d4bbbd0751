// The workspace's settings (SPEC §3): default country, date format and decimal mark, shown and saved.

import type { ApiClient } from '../api.js';
import { byId, showMessage } from '../dom.js';

export interface SettingsView {
  load(): Promise<void>;
}

export const createSettingsView = (
  api: ApiClient,
  handlers: { onError(error: unknown, where: HTMLElement): void },
): SettingsView => {
  const form = byId('settings-form', HTMLFormElement);
  const country = byId('setting-country', HTMLInputElement);
  const dateFormat = byId('setting-date-format', HTMLSelectElement);
  const decimalSeparator = byId('setting-decimal-separator', HTMLSelectElement);
  const message = byId('settings-message', HTMLParagraphElement);

  const show = (settings: Awaited<ReturnType<ApiClient['getSettings']>>) => {
    country.value = settings.defaultCountry ?? '';
    dateFormat.value = settings.dateFormat === 'YMD' ? '' : (settings.dateFormat ?? '');
    decimalSeparator.value = settings.decimalSeparator === '.' ? '' : (settings.decimalSeparator ?? '');
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const saved = await api.putSettings({
        defaultCountry: country.value.trim() || null,
        dateFormat: dateFormat.value || null,
        decimalSeparator: decimalSeparator.value || null,
      });
      show(saved);
      showMessage(message, 'Settings saved: new imports take them.', 'ok');
    } catch (error) {
      handlers.onError(error, message);
    }
  });

  return { load: async () => show(await api.getSettings()) };
};
