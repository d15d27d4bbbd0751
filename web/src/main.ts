// The import page: creates the views and wires them to each other; each step and panel lives in its own module.
// A new view (a panel, a part of the result) is created here and handed what it needs: the API client and onError.

import { ApiError, createApiClient } from './api.js';
import { byId, showMessage } from './dom.js';
import { createImportFlow } from './import-flow.js';
import { describeError } from './page-errors.js';
import { createRouter, IMPORT_ROUTE, importHref } from './router.js';
import { CONTACTS_ROUTE, createContactsView, importContactsPart } from './views/contacts-view.js';
import { createFieldsView } from './views/fields-view.js';
import { createImportsView } from './views/imports-view.js';
import { createKeyView } from './views/key-view.js';
import { bindTemplateExample, endedPart, erroredByPart } from './views/lifecycle-view.js';
import { createSettingsView } from './views/settings-view.js';
import { createUndoPanel } from './views/undo-panel.js';

const apiUrl = (document.querySelector<HTMLMetaElement>('meta[name="api-url"]')?.content ?? '').replace(
  /\/$/,
  '',
);
let apiKey = '';
const api = createApiClient(apiUrl, () => apiKey);

const router = createRouter();
const workspace = byId('workspace', HTMLDivElement);
const importsMessage = byId('imports-message', HTMLParagraphElement);

const keyView = createKeyView({
  onKey: (key) => void useKey(key),
  onForget: () => {
    apiKey = '';
    workspace.hidden = true;
    flow.reset();
  },
});

/** Shows an error where it happened; a refused key is also said at the key form. */
const onError = (error: unknown, where: HTMLElement) => {
  if (error instanceof ApiError && error.kind === 'auth') keyView.showRefused(error.message);
  showMessage(where, describeError(error), 'error');
};

const fieldsView = createFieldsView(api, {
  onError,
  // A new field can take a column by its key: the server says so in a fresh preview.
  onFieldsChanged: () => flow.refreshPreview(),
});

const flow = createImportFlow({
  api,
  customFields: () => fieldsView.fields(),
  createCustomField: (field) => fieldsView.add(field),
  onError,
  onAuthRefused: (message) => keyView.showRefused(message),
  onImportEnded: (summary) => {
    // The result shown is the import's own link from now on: it reloads and shares as it is.
    router.replace(importHref(summary.id));
    void importsView.load().catch((error) => onError(error, importsMessage));
  },
  onReset: () => router.replace(''),
});

const settingsView = createSettingsView(api, { onError });

flow.result.addPart('counts', endedPart);
flow.result.addPart('counts', erroredByPart);
bindTemplateExample(api, { onError });

const undoPanel = createUndoPanel({
  api,
  onError,
  // The list shows the undo's end (its row's mark); a result shown since reads the summary afresh.
  onChanged: (summary) => importsView.update(summary),
});

const importsView = createImportsView(api, {
  onError,
  onOpen: (summary) => router.go(importHref(summary.id)),
  undo: undoPanel,
});

router.add(IMPORT_ROUTE, (importId) => void flow.open(importId));

const contactsView = createContactsView({
  apiUrl,
  apiKey: () => apiKey,
  customFields: () => fieldsView.fields(),
  onError,
});
router.add(CONTACTS_ROUTE, (importId) => contactsView.open(importId));
flow.result.addPart('actions', importContactsPart);
// Last among the actions: its box (the dry run's counts, the progress, the result) takes a line of its own.
flow.result.addPart('actions', undoPanel.resultPart);

async function useKey(key: string) {
  apiKey = key;
  keyView.showChecking();
  try {
    await fieldsView.load();
    await settingsView.load();
  } catch (error) {
    workspace.hidden = true;
    keyView.showRefused(describeError(error));
    return;
  }
  keyView.remember(key);
  keyView.showAccepted();
  workspace.hidden = false;
  // A link to an import opens it once the workspace is open.
  router.start();
  try {
    await importsView.load();
  } catch (error) {
    onError(error, importsMessage);
  }
  try {
    await flow.loadProfiles();
  } catch (error) {
    onError(error, importsMessage);
  }
}

const storedKey = keyView.stored();
if (storedKey) void useKey(storedKey);
