// Uploads a file through a presigned S3 POST as an HTML form would, streamed from disk with its progress.

import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { PresignedPost } from './api-client.js';
import { CliError } from './cli-errors.js';

export interface UploadFile {
  path: string;
  /** The name the form gives the file part. */
  name: string;
  size: number;
}

const CRLF = '\r\n';

/** A form field's quoted name or file name, escaped as browsers do. */
const quote = (value: string) =>
  `"${value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')}"`;

/**
 * The multipart body's parts: the policy fields first (S3 ignores anything after the file), then the
 * file. Built by hand rather than with FormData so that the length is known up front (S3 refuses a
 * chunked POST) and the file streams from disk however large it is.
 */
const multipart = (post: PresignedPost, file: UploadFile) => {
  const boundary = `----contacts-import-${randomBytes(12).toString('hex')}`;
  let head = '';
  for (const [name, value] of Object.entries(post.fields)) {
    head += `--${boundary}${CRLF}Content-Disposition: form-data; name=${quote(name)}${CRLF}${CRLF}${value}${CRLF}`;
  }
  head += `--${boundary}${CRLF}Content-Disposition: form-data; name="file"; filename=${quote(file.name)}${CRLF}`;
  head += `Content-Type: text/csv${CRLF}${CRLF}`;
  const headBytes = Buffer.from(head, 'utf8');
  const tailBytes = Buffer.from(`${CRLF}--${boundary}--${CRLF}`, 'utf8');
  return { boundary, headBytes, tailBytes, length: headBytes.length + file.size + tailBytes.length };
};

/** S3 answers a refused POST with an XML `<Error><Code>…</Code><Message>…</Message></Error>`. */
const readS3Error = (status: number, text: string): string => {
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  if (code === 'EntityTooLarge') return 'the file is larger than the API accepts';
  if (code === 'AccessDenied' && /expired/i.test(message ?? '')) return 'the upload link expired';
  return [code, message].filter(Boolean).join(': ') || `HTTP ${status}`;
};

/** A web stream that pulls from the generator: back-pressure reaches the file read. */
const toReadableStream = (source: AsyncGenerator<Uint8Array>): ReadableStream<Uint8Array> =>
  new ReadableStream({
    async pull(controller) {
      try {
        const next = await source.next();
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await source.return(undefined);
    },
  });

export const uploadWithPresignedPost = async (
  post: PresignedPost,
  file: UploadFile,
  onProgress: (bytesSent: number) => void = () => undefined,
  signal?: AbortSignal,
): Promise<void> => {
  const { boundary, headBytes, tailBytes, length } = multipart(post, file);
  let sent = 0;
  async function* body() {
    yield headBytes;
    for await (const chunk of createReadStream(file.path, { highWaterMark: 1024 * 1024 })) {
      const bytes = chunk as Buffer;
      sent += bytes.length;
      onProgress(sent);
      yield bytes;
    }
    if (sent !== file.size) throw new CliError(`${file.path} changed while it was being uploaded`);
    yield tailBytes;
  }
  let response: Response;
  try {
    response = await fetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(length),
      },
      body: toReadableStream(body()),
      duplex: 'half',
      ...(signal ? { signal } : {}),
    } as RequestInit);
  } catch (error) {
    if (error instanceof CliError) throw error;
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof CliError) throw cause;
    const code = (cause as { code?: string } | undefined)?.code ?? (error as Error).message;
    throw new CliError(`cannot reach the upload URL ${new URL(post.url).origin} (${code})`, 1, {
      cause: error,
    });
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new CliError(`the upload was refused: ${readS3Error(response.status, text)}`);
};
