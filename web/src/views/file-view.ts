// Step 1: the file (chosen or dropped) and the import's options.

import { byId, formatBytes, showMessage } from '../dom.js';
import type { ImportChoices, ImportMode } from '../types.js';
import { createProfileDelete, type ProfileDeleteDeps } from './profile-delete.js';

export type FileOptions = Omit<ImportChoices, 'mapping' | 'headerRow' | 'ignoreRemembered'>;

export interface FileView {
  options(): FileOptions;
  setOptions(options: Partial<FileOptions>): void;
  /** Opens the browser's file chooser (from a click, so that the browser allows it). */
  chooseFile(): void;
  showFile(file: File | undefined): void;
  /** The saved profiles to choose from, by name; the one chosen stays chosen when it is still there. */
  setProfiles(names: string[]): void;
}

export const createFileView = (
  handlers: {
    onFile(file: File): void;
    /** `preview`: whether the change alters what the preview predicts. */
    onOptionsChanged(preview: boolean): void;
  },
  profiles: ProfileDeleteDeps,
): FileView => {
  const form = byId('file-form', HTMLFormElement);
  const dropzone = byId('dropzone', HTMLDivElement);
  const input = byId('file-input', HTMLInputElement);
  const fileName = byId('file-name', HTMLParagraphElement);
  const profile = byId('profile', HTMLSelectElement);
  const mode = byId('mode', HTMLSelectElement);
  const country = byId('default-country', HTMLInputElement);
  const dryRun = byId('dry-run', HTMLInputElement);
  const encoding = byId('encoding', HTMLSelectElement);
  const delimiter = byId('delimiter', HTMLSelectElement);
  const invalidCells = byId('invalid-cells', HTMLSelectElement);
  const dateFormat = byId('date-format', HTMLSelectElement);
  const decimalSeparator = byId('decimal-separator', HTMLSelectElement);
  const overwrite = byId('overwrite', HTMLSelectElement);
  const blankCells = byId('blank-cells', HTMLSelectElement);
  const tagMode = byId('tag-mode', HTMLSelectElement);
  const hint = fileName.textContent ?? '';
  const profileDelete = createProfileDelete(profile, profiles);
  profile.addEventListener('change', () => profileDelete.update());

  form.addEventListener('submit', (event) => event.preventDefault());
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    if (file) handlers.onFile(file);
    // Choosing the same file again (the fixed one, saved over the old) must fire `change` again.
    input.value = '';
  });

  // A file dropped anywhere else must not replace the page with the file's contents.
  for (const type of ['dragover', 'drop'] as const)
    window.addEventListener(type, (event) => event.preventDefault());
  dropzone.addEventListener('dragenter', () => dropzone.classList.add('dragging'));
  dropzone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    dropzone.classList.add('dragging');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('dragging'));
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropzone.classList.remove('dragging');
    const file = event.dataTransfer?.files[0];
    if (file) handlers.onFile(file);
  });

  for (const control of [
    profile,
    mode,
    encoding,
    delimiter,
    country,
    invalidCells,
    dateFormat,
    decimalSeparator,
    overwrite,
    blankCells,
    tagMode,
  ])
    control.addEventListener('change', () => handlers.onOptionsChanged(true));
  dryRun.addEventListener('change', () => handlers.onOptionsChanged(false));

  return {
    options: () => ({
      mode: mode.value as ImportMode,
      dryRun: dryRun.checked,
      defaultCountry: country.value.trim().toUpperCase(),
      encoding: encoding.value,
      delimiter: delimiter.value,
      invalidCells: invalidCells.value,
      dateFormat: dateFormat.value,
      decimalSeparator: decimalSeparator.value,
      overwrite: overwrite.value,
      blankCells: blankCells.value,
      tagMode: tagMode.value,
      profile: profile.value,
    }),
    setOptions: (options) => {
      if (options.profile !== undefined) {
        profile.value = options.profile;
        profileDelete.update();
      }
      if (options.mode !== undefined) mode.value = options.mode;
      if (options.dryRun !== undefined) dryRun.checked = options.dryRun;
      if (options.defaultCountry !== undefined) country.value = options.defaultCountry;
      if (options.encoding !== undefined) encoding.value = options.encoding;
      if (options.delimiter !== undefined) delimiter.value = options.delimiter;
      if (options.invalidCells !== undefined) invalidCells.value = options.invalidCells;
      if (options.dateFormat !== undefined) dateFormat.value = options.dateFormat;
      if (options.decimalSeparator !== undefined) decimalSeparator.value = options.decimalSeparator;
      // The defaults are the empty choice: an import's summary says them outright.
      if (options.overwrite !== undefined)
        overwrite.value = options.overwrite === 'always' ? '' : options.overwrite;
      if (options.blankCells !== undefined)
        blankCells.value = options.blankCells === 'ignore' ? '' : options.blankCells;
      if (options.tagMode !== undefined) tagMode.value = options.tagMode === 'append' ? '' : options.tagMode;
    },
    setProfiles: (names) => {
      const chosen = profile.value;
      const none = profile.options[0] ?? new Option('No profile', '');
      profile.replaceChildren(none, ...names.map((name) => new Option(name, name)));
      profile.value = names.includes(chosen) ? chosen : '';
      profileDelete.update();
    },
    chooseFile: () => input.click(),
    showFile: (file) => {
      if (file) showMessage(fileName, `${file.name} (${formatBytes(file.size)})`, 'ok');
      else {
        showMessage(fileName, hint, 'info');
        fileName.removeAttribute('data-kind');
      }
    },
  };
};
