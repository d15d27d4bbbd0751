// Port: where a workspace's settings are kept (SPEC §3 "Workspace settings").

import type { WorkspaceSettings } from '../settings/workspace-settings.js';

export interface SettingsStore {
  /** The workspace's settings; `{}` when it never set any. */
  getSettings(workspaceId: string): Promise<WorkspaceSettings>;
  /** Replaces them whole: a setting left out is no longer set. */
  putSettings(workspaceId: string, settings: WorkspaceSettings): Promise<void>;
}
