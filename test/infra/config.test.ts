import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, readConfig } from '../../infra/config.js';
import { FUNCTION_ENTRIES, resolveEntries } from '../../infra/constructs/function-entries.js';

const configOf = (context: Record<string, unknown>) => readConfig(new App({ context }).node);

describe('readConfig', () => {
  it('defaults to the dev stage, 5 GiB uploads, 7/30 days of uploads/reports, 30 days of logs, data retained', () => {
    expect(configOf({})).toEqual({
      stage: 'dev',
      corsOrigins: [],
      maxUploadBytes: 5 * 1024 ** 3,
      uploadUrlTtlSeconds: 900,
      uploadRetentionDays: 7,
      reportRetentionDays: 30,
      revertWindowDays: 30,
      logRetentionDays: 30,
      retainData: true,
      dropWorkspaces: [],
      keepIndexes: [],
    });
    expect(configOf({})).toEqual(DEFAULT_CONFIG);
  });

  it('reads CLI strings (-c key=value) and cdk.json values alike', () => {
    const fromCli = configOf({
      stage: 'prod',
      alarmEmail: 'ops@example.com',
      corsOrigins: 'https://app.example.com, https://admin.example.com',
      maxUploadBytes: '1048576',
      uploadRetentionDays: '3',
      retainData: 'false',
    });
    const fromJson = configOf({
      stage: 'prod',
      alarmEmail: 'ops@example.com',
      corsOrigins: ['https://app.example.com', 'https://admin.example.com'],
      maxUploadBytes: 1048576,
      uploadRetentionDays: 3,
      retainData: false,
    });
    expect(fromCli).toEqual(fromJson);
    expect(fromCli).toMatchObject({
      corsOrigins: ['https://app.example.com', 'https://admin.example.com'],
      maxUploadBytes: 1048576,
      retainData: false,
    });
  });

  it('pre-warms the table only when asked, filling the other figure with the on-demand default', () => {
    expect(configOf({}).warmThroughput).toBeUndefined();
    expect(configOf({ warmWriteUnits: '20000' }).warmThroughput).toEqual({
      readUnitsPerSecond: 12_000,
      writeUnitsPerSecond: 20_000,
    });
    expect(configOf({ warmWriteUnits: 8000, warmReadUnits: 30000 }).warmThroughput).toEqual({
      readUnitsPerSecond: 30_000,
      writeUnitsPerSecond: 8_000,
    });
  });

  it('keeps the retired GSIs it names (an existing stack removing them one deploy at a time), none by default', () => {
    expect(configOf({ keepIndexes: 'byEmail, byPhone' }).keepIndexes).toEqual(['byEmail', 'byPhone']);
    expect(configOf({ keepIndexes: ['byPhone', 'byPhone'] }).keepIndexes).toEqual(['byPhone']);
    expect(configOf({ keepIndexes: '' }).keepIndexes).toEqual([]);
  });

  it('treats an empty alarm e-mail as none', () => {
    expect(configOf({ alarmEmail: '' }).alarmEmail).toBeUndefined();
  });

  it.each([
    ['stage', 'prod/eu'],
    ['alarmEmail', 'ops'],
    ['corsOrigins', 'https://app.example.com/path'],
    ['maxUploadBytes', String(5 * 1024 ** 3 + 1)],
    ['maxUploadBytes', '-1'],
    ['uploadRetentionDays', '1.5'],
    ['revertWindowDays', '0'],
    ['logRetentionDays', '10'],
    ['retainData', 'yes'],
    ['warmWriteUnits', '1000'],
    ['warmReadUnits', 'many'],
    ['keepIndexes', 'byExternalId'],
    ['keepIndexes', 'constructor'],
  ])('rejects %s = %s, naming the key', (key, value) => {
    expect(() => configOf({ [key]: value })).toThrow(new RegExp(`context "${key}"`));
  });
});

describe('resolveEntries', () => {
  it('points every function at functions/<name>/handler.ts', () => {
    expect(
      Object.values(resolveEntries()).map((path) => path.replace(/^.*\/functions\//, 'functions/')),
    ).toEqual([
      'functions/authorizer/handler.ts',
      'functions/upload-url/handler.ts',
      'functions/import/handler.ts',
      'functions/results/handler.ts',
    ]);
  });

  it('fails before bundling, naming the handler file that is missing', () => {
    const entries = { ...FUNCTION_ENTRIES, results: '/nowhere/functions/results/handler.ts' };
    expect(() => resolveEntries(entries)).toThrow(/results → \/nowhere\/functions\/results\/handler\.ts/);
  });
});
