// In-memory adapter of the ReportStore port, for the preview's dry run and for unit tests.

import type { ReportSegmentRef, ReportStore } from '../../ports/report-store.js';

export class MemoryReportStore implements ReportStore {
  private readonly objects = new Map<string, string>();

  async putSegment(
    workspaceId: string,
    importId: string,
    ref: { segment: number; fromRow: number },
    body: string,
  ): Promise<void> {
    this.objects.set(`${workspaceId}/${importId}/segments/${ref.segment}/${ref.fromRow}`, body);
  }

  async listSegments(workspaceId: string, importId: string): Promise<ReportSegmentRef[]> {
    const prefix = `${workspaceId}/${importId}/segments/`;
    return [...this.objects.keys()]
      .filter((key) => key.startsWith(prefix))
      .map((key) => {
        const [segment, fromRow] = key.slice(prefix.length).split('/').map(Number);
        return { segment: segment ?? 0, fromRow: fromRow ?? 0, key };
      });
  }

  async *readSegment(key: string): AsyncIterable<string> {
    yield* (this.objects.get(key) ?? '').split('\n');
  }

  async writeReport(workspaceId: string, importId: string, chunks: AsyncIterable<string>): Promise<string> {
    let text = '';
    for await (const chunk of chunks) text += chunk;
    const key = `${workspaceId}/${importId}/errors.csv`;
    this.objects.set(key, text);
    return key;
  }

  async putDryRunState(workspaceId: string, importId: string, body: string): Promise<void> {
    this.objects.set(`${workspaceId}/${importId}/dry-run-state.json`, body);
  }

  async getDryRunState(workspaceId: string, importId: string): Promise<string | undefined> {
    return this.objects.get(`${workspaceId}/${importId}/dry-run-state.json`);
  }

  async deleteRunState(workspaceId: string, importId: string): Promise<void> {
    for (const key of [...this.objects.keys()]) {
      if (key.startsWith(`${workspaceId}/${importId}/segments/`)) this.objects.delete(key);
    }
    this.objects.delete(`${workspaceId}/${importId}/dry-run-state.json`);
  }

  async openReport(key: string): Promise<AsyncIterable<Uint8Array> | undefined> {
    const text = this.objects.get(key);
    if (text === undefined) return undefined;
    return (async function* () {
      yield Buffer.from(text, 'utf8');
    })();
  }
}
