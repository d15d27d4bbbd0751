// Port: a workspace's named import profiles (SPEC §11).

import type { ImportProfile } from '../profiles/import-profile.js';

export interface ImportProfileStore {
  /** The workspace's profiles, by name. */
  listProfiles(workspaceId: string): Promise<ImportProfile[]>;
  getProfile(workspaceId: string, name: string): Promise<ImportProfile | undefined>;
  /** Creates the profile or replaces it whole. */
  putProfile(workspaceId: string, profile: ImportProfile): Promise<void>;
  /** False when there was none of that name. */
  deleteProfile(workspaceId: string, name: string): Promise<boolean>;
}
