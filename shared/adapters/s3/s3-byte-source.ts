// A ByteSource over an S3 object: each open is a ranged GET from the offset to the end, pinned to one ETag.

import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ByteSource } from '../../csv/read-records.js';
import { ImportError } from '../../errors.js';

const fileChanged = (cause?: unknown) =>
  new ImportError(
    'file_changed',
    'The file was overwritten while its import was reading it, so the rest of it cannot be read as the same file. ' +
      'The rows read before it are applied and counted; import the new file on its own.',
    {},
    { cause },
  );

/**
 * Every ranged GET after the first carries `IfMatch` with the ETag the first read (or the HEAD) saw, so S3 refuses
 * bytes of another version (412); the ETag of each answer is compared as well (an emulator may ignore IfMatch).
 */
export const s3ByteSource = async (
  client: S3Client,
  bucket: string,
  key: string,
  knownSize?: number,
): Promise<ByteSource> => {
  let etag: string | undefined;
  let size = knownSize;
  if (size === undefined) {
    const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    size = head.ContentLength ?? 0;
    etag = head.ETag;
  }
  const total = size;
  return {
    size: total,
    version: () => etag,
    pin: (version) => {
      if (etag !== undefined && etag !== version) throw fileChanged();
      etag = version;
    },
    open: async (start: number) => {
      if (start >= total) return (async function* () {})();
      let response: GetObjectCommandOutput;
      try {
        response = await client.send(
          new GetObjectCommand({
            Bucket: bucket,
            Key: key,
            Range: `bytes=${start}-`,
            ...(etag !== undefined ? { IfMatch: etag } : {}),
          }),
        );
      } catch (error) {
        if ((error as { name?: string }).name === 'PreconditionFailed') throw fileChanged(error);
        throw error;
      }
      if (etag !== undefined && response.ETag !== undefined && response.ETag !== etag) {
        (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
        throw fileChanged();
      }
      etag ??= response.ETag;
      return response.Body as AsyncIterable<Uint8Array>;
    },
  };
};
