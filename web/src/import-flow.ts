// One import at a time, from the chosen file through its preview and upload to its result: the steps' views and state.

import { type ApiClient, ApiError } from './api.js';
import { byId, saveFile, showMessage, sleep } from './dom.js';
import { IGNORE, isEnded } from './labels.js';
import { describeError, tooLargeError } from './page-errors.js';
import { pollRead } from './poll-read.js';
import type {
  CustomField,
  ImportChoices,
  ImportSummary,
  MappingValue,
  OverwritePolicy,
  Preview,
} from './types.js';
import { readUploadLimit, rememberUploadLimit } from './upload-limit.js';
import { createFileView } from './views/file-view.js';
import { createStopControl } from './views/lifecycle-view.js';
import { createPreviewView, type HeaderChoice } from './views/preview-view.js';
import { createProgressView } from './views/progress-view.js';
import { createResultView, type ResultView } from './views/result-view.js';

/** The page's choices a profile holds (SPEC §11, shared/profiles/import-profile.ts), besides the mapping. */
const PROFILE_CHOICES = [
  'mode',
  'defaultCountry',
  'overwrite',
  'blankCells',
  'tagMode',
  'encoding',
  'delimiter',
  'dateFormat',
  'decimalSeparator',
  'invalidCells',
] as const;

export interface ImportFlow {
  /** Back to an empty first step: no file, no preview, no result. */
  reset(): void;
  /** Previews the chosen file again (a new custom field may take a column by its key). */
  refreshPreview(): void;
  /** Shows an import's result (from the list or a link), and follows it while it runs. */
  open(importId: string): Promise<void>;
  /** Fills the profile select from GET /import-profiles. */
  loadProfiles(): Promise<void>;
  /** The result panel: other views add their parts to it (`ResultView.addPart`). */
  readonly result: ResultView;
}

export const createImportFlow = (deps: {
  api: ApiClient;
  /** The workspace's custom fields, as last loaded. */
  customFields(): CustomField[];
  /** Creates a custom field (a column's "Create a custom field…"); the list of fields is fresh when it resolves. */
  createCustomField(field: CustomField): Promise<void>;
  /** Shows an error where it happened (a refused key is also said at the key form). */
  onError(error: unknown, where: HTMLElement): void;
  /** The key was refused during a step. */
  onAuthRefused(message: string): void;
  /** An import followed to its end: the list of recent imports shows it anew, the address its link. */
  onImportEnded(summary: ImportSummary): void;
  /** A new file, or "Import another file": the result shown before is gone. */
  onReset(): void;
}): ImportFlow => {
  const { api } = deps;

  /** The file being prepared, the columns the person re-mapped, and what is in flight. */
  const state = {
    file: undefined as File | undefined,
    mapping: {} as Record<string, MappingValue>,
    /** Set when the server found no header: the file's first rows, and the one the person picked as the header. */
    headerChoice: undefined as HeaderChoice | undefined,
    /** Set by "import the fixed file": the next file keeps the mapping. */
    keepMapping: false,
    previewOk: false,
    /** The preview last drawn: its columns are what "Save these settings as a profile…" saves. */
    preview: undefined as Preview | undefined,
    /** "Don't use it": this file's preview and import leave out the settings remembered for its header row. */
    ignoreRemembered: false,
    previewRun: 0,
    watchRun: 0,
    busy: false,
    uploading: false,
    /** The upload limit, learnt from POST /imports: checked before the next upload starts. */
    maxBytes: readUploadLimit(),
    /** What each import of this session was started with, for "import it for real" and the fixed file. */
    started: new Map<string, { choices: ImportChoices; file: File }>(),
  };

  const authRefused = (error: unknown) => {
    if (error instanceof ApiError && error.kind === 'auth') deps.onAuthRefused(error.message);
  };

  const choices = (): ImportChoices => ({
    ...fileView.options(),
    mapping: { ...state.mapping },
    ...(state.headerChoice?.picked !== undefined ? { headerRow: state.headerChoice.picked } : {}),
    ...(state.ignoreRemembered ? { ignoreRemembered: true as const } : {}),
  });

  /** A mapping sent replaces a remembered one whole: the first column changed starts from the remembered mapping. */
  const fromRemembered = () => {
    const remembered = state.preview?.remembered?.options.mapping;
    if (Object.keys(state.mapping).length === 0 && remembered)
      state.mapping = { ...(remembered as Record<string, MappingValue>) };
  };

  /** The options the person chose (those a profile holds) and every column's field as the preview shows it. */
  const profileOptions = (): Record<string, unknown> => {
    const chosen = fileView.options();
    const options: Record<string, unknown> = {};
    for (const name of PROFILE_CHOICES) if (chosen[name] !== '') options[name] = chosen[name];
    const columns = state.preview?.columns ?? [];
    options.mapping = Object.fromEntries(
      columns
        .filter((c) => c.header !== '')
        .map((c): [string, MappingValue] => {
          const field = c.field ?? IGNORE;
          return [c.header, c.overwrite ? { field, overwrite: c.overwrite } : field];
        }),
    );
    return options;
  };

  async function loadProfiles() {
    const profiles = await api.listProfiles();
    fileView.setProfiles(profiles.map((profile) => profile.name));
  }

  const fileView = createFileView(
    {
      onFile: (file) => void chooseFile(file),
      onOptionsChanged: (preview) => {
        previewView.setStartLabel(fileView.options().dryRun);
        if (preview && state.file) void runPreview(false);
      },
    },
    {
      deleteProfile: (name) => api.deleteProfile(name),
      reloadProfiles: loadProfiles,
      onError: deps.onError,
    },
  );

  /** A column's mapping value: its field, with the policy the person gave it (kept when the field changes). */
  const mapTo = (header: string, field: string, policy?: string): MappingValue => {
    const before = state.mapping[header];
    const overwrite = policy ?? (typeof before === 'object' ? (before.overwrite ?? '') : '');
    return overwrite === '' ? field : { field, overwrite: overwrite as OverwritePolicy };
  };

  const previewView = createPreviewView({
    onMappingChange: (header, field) => {
      fromRemembered();
      state.mapping = { ...state.mapping, [header]: mapTo(header, field) };
      void runPreview(false);
    },
    onPolicyChange: (header, field, policy) => {
      fromRemembered();
      state.mapping = { ...state.mapping, [header]: mapTo(header, field, policy) };
      void runPreview(false);
    },
    onCreateField: async (header, field) => {
      await deps.createCustomField(field);
      fromRemembered();
      state.mapping = { ...state.mapping, [header]: mapTo(header, field.key) };
      await runPreview(false);
    },
    describeError,
    onHeaderRowPick: (row) => {
      if (!state.headerChoice) return;
      // Another row is another set of column names: the person maps its columns afresh.
      state.headerChoice = { ...state.headerChoice, picked: row };
      state.mapping = {};
      void runPreview(false);
    },
    onStart: () => {
      if (state.file) void startImport(choices(), state.file);
    },
    onIgnoreRemembered: () => {
      state.ignoreRemembered = true;
      void runPreview(false);
    },
    onSaveProfile: async (name) => {
      await api.putProfile(name, profileOptions());
      await loadProfiles();
    },
  });

  const progressView = createProgressView();
  const stopControl = createStopControl(api, { onError: deps.onError });

  const resultView = createResultView(deps.customFields, {
    onDownloadReport: async (summary, message) => {
      try {
        const { blob, fileName } = await api.downloadErrorReport(summary.id);
        saveFile(blob, fileName);
        showMessage(message, `Downloaded ${fileName}.`, 'ok');
      } catch (error) {
        deps.onError(error, message);
      }
    },
    onImportFixed: (summary) => {
      const started = state.started.get(summary.id);
      if (started) {
        fileView.setOptions(started.choices);
        state.mapping = { ...started.choices.mapping };
      } else {
        // An import of another session: the options and the columns as the summary reports them.
        fileView.setOptions(summary.options);
        state.mapping = Object.fromEntries(
          summary.columns
            .filter((c) => c.header !== '')
            .map((c): [string, MappingValue] => {
              const field = c.field ?? IGNORE;
              return [c.header, c.overwrite ? { field, overwrite: c.overwrite } : field];
            }),
        );
      }
      state.keepMapping = true;
      previewView.setStartLabel(fileView.options().dryRun);
      fileView.chooseFile();
    },
    onRunForReal: (summary) => {
      const started = state.started.get(summary.id);
      if (!started) return;
      fileView.setOptions({ dryRun: false });
      previewView.setStartLabel(false);
      void startImport({ ...started.choices, dryRun: false }, started.file);
    },
    onNewImport: () => {
      reset();
      byId('file-input', HTMLInputElement).focus();
    },
  });

  /** What a file chosen before leaves behind (its header choice, preview and panels) goes for the next one. */
  function showFile(file: File | undefined) {
    state.file = file;
    state.keepMapping = false;
    state.headerChoice = undefined;
    state.preview = undefined;
    state.ignoreRemembered = false;
    fileView.showFile(file);
    previewView.hide();
    progressView.hide();
    resultView.hide();
    deps.onReset();
  }

  function reset() {
    state.watchRun++;
    state.previewRun++;
    state.mapping = {};
    state.previewOk = false;
    stopControl.hide();
    showFile(undefined);
  }

  async function chooseFile(file: File) {
    if (!state.keepMapping) state.mapping = {};
    showFile(file);
    await runPreview(true);
  }

  /** Asks the server for a dry run of the head of the file; a newer request wins over one still in flight. */
  async function runPreview(focus: boolean) {
    const file = state.file;
    if (!file) return;
    const run = ++state.previewRun;
    state.previewOk = false;
    previewView.setStartLabel(fileView.options().dryRun);
    previewView.showLoading(`Reading the first rows of ${file.name}…`);
    try {
      const preview = await api.preview(file, choices());
      if (run !== state.previewRun) return;
      state.previewOk = true;
      state.preview = preview;
      previewView.show(preview, deps.customFields(), state.headerChoice);
      previewView.setStartEnabled(!state.busy);
      if (focus) previewView.focus();
    } catch (error) {
      if (run !== state.previewRun) return;
      authRefused(error);
      // No header found: never a dead end (SPEC §2). The first rows come with the error, to pick the header from.
      if (error instanceof ApiError && error.code === 'no_header' && error.rows && error.rows.length > 0) {
        const picked = state.headerChoice?.picked;
        state.headerChoice = { rows: error.rows, ...(picked !== undefined ? { picked } : {}) };
        previewView.showHeaderChoice(
          state.headerChoice,
          picked === undefined
            ? `No header row was found: ${error.message}. Pick the row that holds the column names.`
            : `The preview failed: ${error.message}. Pick another row.`,
          picked === undefined ? 'info' : 'error',
        );
        if (focus) previewView.focus();
        return;
      }
      const hint =
        error instanceof ApiError && error.status === 400
          ? ' Change the option or the column’s field and the preview runs again.'
          : error instanceof ApiError && error.status === 422
            ? ' Check that this is the right file, saved as CSV or as an Excel workbook (.xlsx).'
            : '';
      if (state.headerChoice) {
        // The rows to pick the header from stay: another row, or another field, may do.
        previewView.showHeaderChoice(
          state.headerChoice,
          `The preview failed: ${describeError(error)}${hint}`,
          'error',
        );
      } else {
        previewView.showError(`The preview failed: ${describeError(error)}${hint}`);
      }
      // A workbook too large to preview whole can still be imported: a dry run shows what it would do.
      if (error instanceof ApiError && error.code === 'file_too_large') {
        state.previewOk = true;
        previewView.setStartEnabled(!state.busy);
      }
      if (focus) previewView.focus();
    }
  }

  async function startImport(importChoices: ImportChoices, file: File) {
    if (state.busy) return;
    state.busy = true;
    let uploaded = false;
    previewView.setStartEnabled(false);
    previewView.setHidden(true);
    resultView.hide();
    progressView.start(file.name, importChoices.dryRun);
    try {
      if (state.maxBytes !== undefined && file.size > state.maxBytes)
        throw tooLargeError(file, state.maxBytes);
      const created = await api.createImport(file, importChoices);
      state.maxBytes = created.maxBytes;
      rememberUploadLimit(created.maxBytes);
      if (file.size > created.maxBytes) throw tooLargeError(file, created.maxBytes);
      state.started.set(created.importId, { choices: importChoices, file });
      state.uploading = true;
      await api.upload(created.upload, file, (loaded, total) => progressView.showUpload(loaded, total));
      state.uploading = false;
      uploaded = true;
      progressView.uploaded();
      await followImport(created.importId);
    } catch (error) {
      authRefused(error);
      progressView.fail(describeError(error));
      // Nothing reached the bucket: the preview and its start button come back for another try.
      if (!uploaded && state.file === file) previewView.setHidden(false);
    } finally {
      state.busy = false;
      state.uploading = false;
      previewView.setStartEnabled(state.previewOk);
    }
  }

  /** Polls GET /imports/{id} until the import ends, then shows its result. */
  async function followImport(importId: string) {
    const run = ++state.watchRun;
    let delay = 250;
    for (;;) {
      if (run !== state.watchRun) return;
      let summary: ImportSummary | undefined;
      try {
        summary = await pollRead(() => api.getImport(importId), {
          onRetry: (error) => progressView.announce(`${error.message} Trying again…`),
          abandoned: () => run !== state.watchRun,
        });
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'network') {
          throw new ApiError(
            'network',
            0,
            'network',
            `${error.message} The import goes on on the server: open it from Recent imports later.`,
          );
        }
        throw error;
      }
      if (!summary || run !== state.watchRun) return;
      progressView.showImport(summary);
      stopControl.follow(summary);
      if (isEnded(summary.status)) {
        progressView.finish(summary);
        showResult(summary, true);
        deps.onImportEnded(summary);
        return;
      }
      await sleep(delay);
      delay = Math.min(2000, Math.round(delay * 1.25));
    }
  }

  function showResult(summary: ImportSummary, focus: boolean) {
    const canRunForReal =
      summary.options.dryRun && summary.status === 'completed' && state.started.has(summary.id);
    resultView.show(summary, { canRunForReal, focus });
  }

  async function open(importId: string) {
    const message = byId('imports-message', HTMLParagraphElement);
    let summary: ImportSummary;
    try {
      summary = await api.getImport(importId);
    } catch (error) {
      deps.onError(error, message);
      return;
    }
    showMessage(message, '');
    if (!state.busy) progressView.hide();
    showResult(summary, true);
    if (isEnded(summary.status) || state.busy) return;
    progressView.watch(summary);
    try {
      await followImport(summary.id);
    } catch (error) {
      progressView.fail(describeError(error));
    }
  }

  window.addEventListener('beforeunload', (event) => {
    // Leaving mid-upload loses the upload; the import itself goes on without the page.
    if (state.uploading) event.preventDefault();
  });

  previewView.setStartLabel(fileView.options().dryRun);

  return {
    reset,
    refreshPreview: () => {
      if (state.file && !state.busy) void runPreview(false);
    },
    open,
    loadProfiles,
    result: resultView,
  };
};
