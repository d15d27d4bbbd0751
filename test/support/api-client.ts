// A plain HTTP client of the API, as a browser or another system would use it.

export interface ApiClient {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  /** Uploads through the presigned POST, as an HTML form would. */
  upload(
    upload: { url: string; fields: Record<string, string> },
    bytes: Uint8Array | string,
    fileName?: string,
  ): Promise<Response>;
  waitForImport(importId: string, timeoutMs?: number): Promise<Record<string, unknown>>;
}

export const createApiClient = (baseUrl: string, apiKey?: string): ApiClient => {
  const request = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = {
      method,
      headers: { ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}), ...headers },
    };
    if (body !== undefined) {
      if (typeof body === 'string' || body instanceof Uint8Array) init.body = body;
      else {
        init.body = JSON.stringify(body);
        (init.headers as Record<string, string>)['content-type'] = 'application/json';
      }
    }
    return fetch(`${baseUrl}${path}`, init);
  };
  const json = async <T>(method: string, path: string, body?: unknown) => {
    const response = await request(method, path, body);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return {
    request,
    json,
    upload: (upload, bytes, fileName = 'contacts.csv') => {
      const form = new FormData();
      for (const [key, value] of Object.entries(upload.fields)) form.append(key, value);
      form.append('file', new Blob([bytes]), fileName);
      return fetch(upload.url, { method: 'POST', body: form });
    },
    waitForImport: async (importId, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { body } = await json<Record<string, unknown>>('GET', `/imports/${importId}`);
        if (body.status === 'completed' || body.status === 'failed') return body;
        if (Date.now() > deadline) throw new Error(`import ${importId} still ${String(body.status)}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
};
