// Puts an object into the S3 emulator and waits until a read returns all of it. AWS S3 is read-after-write
// consistent; s3rver answers a PUT as soon as it has *started* writing the file (its FilesystemStore ends the
// write stream without waiting for it), so under load a GET right after the PUT can return a partial file.

import {
  GetObjectCommand,
  PutObjectCommand,
  type PutObjectCommandInput,
  type S3Client,
} from '@aws-sdk/client-s3';

export const putObjectSettled = async (
  s3: S3Client,
  input: PutObjectCommandInput & { Body: string | Uint8Array },
): Promise<void> => {
  const expected = typeof input.Body === 'string' ? Buffer.byteLength(input.Body) : input.Body.length;
  const { ETag } = await s3.send(new PutObjectCommand(input));
  for (let attempt = 0; attempt < 200; attempt++) {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: input.Bucket, Key: input.Key }));
      const bytes = (await object.Body?.transformToByteArray())?.length ?? 0;
      if (object.ETag === ETag && bytes === expected) return;
    } catch (error) {
      if ((error as Error).name !== 'NoSuchKey') throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`the emulator never served the whole new version of ${input.Key}`);
};
