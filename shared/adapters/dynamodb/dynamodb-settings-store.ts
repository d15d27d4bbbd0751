// DynamoDB adapter of the SettingsStore port: one item per workspace, read strongly consistently.

import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SettingsStore } from '../../ports/settings-store.js';
import { SETTING_NAMES, type WorkspaceSettings } from '../../settings/workspace-settings.js';
import { keys } from './table-design.js';

export class DynamoDbSettingsStore implements SettingsStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async getSettings(workspaceId: string): Promise<WorkspaceSettings> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.settings(workspaceId), ConsistentRead: true }),
    );
    const settings: Record<string, unknown> = {};
    for (const name of SETTING_NAMES) if (typeof Item?.[name] === 'string') settings[name] = Item[name];
    return settings as WorkspaceSettings;
  }

  async putSettings(workspaceId: string, settings: WorkspaceSettings): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keys.settings(workspaceId), ...settings } }),
    );
  }
}
