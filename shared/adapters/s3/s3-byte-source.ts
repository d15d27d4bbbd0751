// A ByteSource over an S3 object: each open is a ranged GET from the offset to the end.

import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { ByteSource } from '../../csv/read-records.js';

export const s3ByteSource = async (
  client: S3Client,
  bucket: string,
  key: string,
  knownSize?: number,
): Promise<ByteSource> => {
  const size =
    knownSize ?? (await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentLength ?? 0;
  return {
    size,
    open: async (start: number) => {
      if (start >= size) return (async function* () {})();
      const response = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-` }),
      );
      return response.Body as AsyncIterable<Uint8Array>;
    },
  };
};
