// Which local stack a run belongs to, and whether that stack is gone: the liveness marks in the data dir.

import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A local stack's identity. Its run ids (Lambda's request ids) start with its id, and it leaves a liveness mark
 * in the data dir — its pid and that process's start time — so that a stack started later on the same data
 * can tell a run whose stack was killed (take it over at once) from one whose stack still runs (leave it).
 */
export interface RunOwner {
  id: string;
  /** A new run id of this stack. */
  newRunId(): string;
  /**
   * Whether the stack that started `runId` is known to be gone: its process has exited, or its pid now names
   * another process, or it stopped cleanly. False for runs of stacks it knows nothing of (another data dir on
   * a shared DynamoDB, a Lambda): for those, the lease decides.
   */
  isGone(runId: string): boolean;
  /** Removes the marks of stacks that are gone (once their runs have been taken over). */
  pruneGone(): void;
  /** Records that this stack stopped: its paused runs are free to take over from now on. */
  release(): void;
}

interface LivenessMark {
  pid: number;
  /** The process's start as the kernel keeps it (boot id and start time), when the system tells it. */
  started?: string;
  stopped?: boolean;
}

const OWNER_ID = /^[0-9a-f-]{36}$/;
const RUN_ID_SEPARATOR = '/';

/** Linux: the boot and the process's start time in clock ticks, which differ for a reused pid. */
const processStart = (pid: number): string | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on; the start time is field 22.
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    return startTicks ? `${boot}:${startTicks}` : undefined;
  } catch {
    return undefined;
  }
};

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const isGoneMark = (mark: LivenessMark): boolean => {
  if (mark.stopped || !isRunning(mark.pid)) return true;
  return mark.started !== undefined && processStart(mark.pid) !== mark.started;
};

/** `dataDir` absent (an in-memory stack): nobody else can see its runs, and it knows no other stack. */
export const createRunOwner = (dataDir: string | undefined): RunOwner => {
  const id = randomUUID();
  const folder = dataDir ? join(dataDir, 'runs') : undefined;
  const markFile = (ownerId: string) => join(folder ?? '', `${ownerId}.json`);
  const readMark = (ownerId: string): LivenessMark | undefined => {
    try {
      return JSON.parse(readFileSync(markFile(ownerId), 'utf8')) as LivenessMark;
    } catch {
      return undefined;
    }
  };
  const writeMark = (mark: LivenessMark) => {
    if (folder) writeFileSync(markFile(id), JSON.stringify(mark));
  };
  if (folder) mkdirSync(folder, { recursive: true });
  const started = processStart(process.pid);
  writeMark({ pid: process.pid, ...(started ? { started } : {}) });

  return {
    id,
    newRunId: () => `${id}${RUN_ID_SEPARATOR}${randomUUID()}`,
    isGone: (runId) => {
      const ownerId = runId.split(RUN_ID_SEPARATOR)[0] ?? '';
      if (!folder || ownerId === id || !OWNER_ID.test(ownerId)) return false;
      const mark = readMark(ownerId);
      return mark !== undefined && isGoneMark(mark);
    },
    pruneGone: () => {
      if (!folder) return;
      for (const name of readdirSync(folder)) {
        const ownerId = name.replace(/\.json$/, '');
        if (ownerId === id || !OWNER_ID.test(ownerId)) continue;
        const mark = readMark(ownerId);
        if (mark && isGoneMark(mark)) rmSync(markFile(ownerId), { force: true });
      }
    },
    release: () => {
      const mark = readMark(id);
      if (mark) writeMark({ ...mark, stopped: true });
    },
  };
};
