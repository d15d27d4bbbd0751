// The local stand-in for S3 event notifications: new objects under uploads/ and drops/ become S3 events.

import { randomUUID } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { S3Event } from 'aws-lambda';
import { encodeEventKey, IMPORT_PREFIXES } from '../shared/import/object-keys.js';
import type { S3Emulator, S3rverEvent } from './s3-emulator.js';

/** The AWS shape of an s3rver event: key URL-encoded as AWS encodes it, the rest as AWS sends it. */
export const toAwsS3Event = (event: S3rverEvent): S3Event =>
  ({
    Records: event.Records.map((record) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: record.eventTime,
      eventName: record.eventName,
      userIdentity: { principalId: 'local' },
      requestParameters: { sourceIPAddress: '127.0.0.1' },
      responseElements: { 'x-amz-request-id': randomUUID(), 'x-amz-id-2': randomUUID() },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'local',
        bucket: {
          name: record.s3.bucket.name,
          ownerIdentity: { principalId: 'local' },
          arn: `arn:aws:s3:::${record.s3.bucket.name}`,
        },
        object: {
          key: encodeEventKey(record.s3.object.key),
          size: record.s3.object.size ?? 0,
          eTag: record.s3.object.eTag ?? '',
          sequencer: record.s3.object.sequencer,
        },
      },
    })),
  }) as S3Event;

/** The event S3 sends for one object put. */
export const objectCreatedEvent = (
  bucket: string,
  object: { key: string; size: number; eTag: string; sequencer: string },
): S3Event =>
  toAwsS3Event({
    Records: [
      {
        eventName: 'ObjectCreated:Put',
        eventTime: new Date().toISOString(),
        s3: { bucket: { name: bucket }, object },
      },
    ],
  });

/** Waits until the object's last byte can be read: s3rver writes a file front to back after announcing it. */
export const waitForWholeObject = async (
  s3: S3Client,
  bucket: string,
  key: string,
  size: number,
): Promise<void> => {
  if (size === 0) return;
  for (let attempt = 0; attempt < 500; attempt++) {
    try {
      const tail = await s3.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${size - 1}-${size - 1}` }),
      );
      if ((await tail.Body?.transformToByteArray())?.length === 1) return;
    } catch {
      // Not readable yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

export interface NotificationOptions {
  s3: S3Client;
  bucket: string;
  /** Hands the event to the import function (an asynchronous invocation). */
  deliver: (event: S3Event) => void;
  /** Work the stack waits for before it stops. */
  track: (work: Promise<unknown>) => void;
  onError: (error: unknown) => void;
}

/**
 * Notifies of the emulator's new objects under the import prefixes only (AWS does not notify the function of
 * its own reports), once each is readable whole. Without an emulator of ours (AWS_ENDPOINT_URL_S3), polls.
 * Returns what stops the notifications.
 */
export const notifyNewObjects = (
  emulator: S3Emulator | undefined,
  options: NotificationOptions,
): (() => Promise<void>) => {
  if (!emulator) return pollForObjects(options);
  let stopped = false;
  emulator.onObjectEvent((event) => {
    if (stopped) return;
    if (!event.Records.every((record) => record.eventName.startsWith('ObjectCreated'))) return;
    if (!event.Records.every((record) => IMPORT_PREFIXES.some((p) => record.s3.object.key.startsWith(p))))
      return;
    options.track(
      (async () => {
        // s3rver announces an object before its file is fully written; S3 only once it is readable whole.
        for (const record of event.Records) {
          const { bucket, object } = record.s3;
          await waitForWholeObject(options.s3, bucket.name, object.key, object.size ?? 0);
        }
        options.deliver(toAwsS3Event(event));
      })().catch(options.onError),
    );
  });
  return async () => {
    stopped = true;
  };
};

/**
 * With an S3 service that is not ours, no events reach this process: poll for new objects under uploads/ and
 * drops/ and deliver them as events, each object version once.
 */
const pollForObjects = ({ s3, bucket, deliver, onError }: NotificationOptions): (() => Promise<void>) => {
  const seen = new Set<string>();
  let stopped = false;
  let first = true;
  const poll = async () => {
    for (const prefix of IMPORT_PREFIXES) {
      let token: string | undefined;
      do {
        const page = await s3.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const object of page.Contents ?? []) {
          const id = `${object.Key}|${object.ETag}`;
          if (!object.Key || seen.has(id)) continue;
          seen.add(id);
          // Objects already there when the stack started are the restart recovery's (restart-recovery.ts).
          if (first) continue;
          deliver(
            objectCreatedEvent(bucket, {
              key: object.Key,
              size: object.Size ?? 0,
              eTag: object.ETag ?? '',
              sequencer: id,
            }),
          );
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    }
    first = false;
  };
  const timer = setInterval(() => {
    if (!stopped) poll().catch(onError);
  }, 1000);
  void poll().catch(onError);
  return async () => {
    stopped = true;
    clearInterval(timer);
  };
};
