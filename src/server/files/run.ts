import { Worker } from 'node:worker_threads';
import { AppError } from '../http/errors';
import type { ErrorCode } from '../../shared/errors';
import { FILE_LIMITS, type FileLimits } from './limits';
import type { ReadJob, ReadOutcome } from './read';

/**
 * Runs read jobs in worker threads, off the request thread: the server keeps answering while a file is read.
 * Each worker has a bounded heap; one that runs past the time limit, dies or runs out of memory is stopped and
 * never reused. At most `concurrent` read at once; a finished worker waits (unref'd) for the next file, since
 * starting one (tsx, ExcelJS) takes most of a second.
 */
let running = 0;
const waiting: (() => void)[] = [];
const idle: Worker[] = [];

async function slot(max: number): Promise<() => void> {
  while (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  return () => {
    running--;
    waiting.shift()?.();
  };
}

function startWorker(limits: FileLimits): Worker {
  return new Worker(new URL('./worker.mjs', import.meta.url), {
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: limits.workerHeapMb, maxYoungGenerationSizeMb: 32 },
  });
}

function keepIdle(worker: Worker, max: number) {
  if (idle.length >= max) return void worker.terminate();
  const drop = () => {
    const i = idle.indexOf(worker);
    if (i >= 0) idle.splice(i, 1);
  };
  worker.once('exit', drop);
  worker.once('error', drop);
  worker.unref();
  idle.push(worker);
}

type Job = ReadJob extends infer J ? (J extends unknown ? Omit<J, 'limits'> : never) : never;

export async function runRead(job: Job, limits: FileLimits = { ...FILE_LIMITS }): Promise<ReadOutcome & { ok: true }> {
  const release = await slot(limits.concurrent);
  try {
    const outcome = await new Promise<ReadOutcome>((resolve, reject) => {
      const reused = idle.pop();
      const worker = reused ?? startWorker(limits);
      worker.removeAllListeners();
      worker.ref();
      const send = () => worker.postMessage({ ...job, limits });
      let settled = false;
      const settle = (fn: () => void, healthy: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.removeAllListeners();
        if (healthy) keepIdle(worker, limits.concurrent);
        else void worker.terminate();
        fn();
      };
      // The clock starts with the worker: a machine too busy to start one in time is as much a refusal.
      const timer = setTimeout(
        () => settle(() => reject(new AppError('file_too_complex', { seconds: limits.seconds })), false),
        limits.seconds * 1000,
      );
      worker.on('message', (m: ReadOutcome | 'ready') => {
        if (m === 'ready') return send();
        // A refused file may leave streams running in the worker: only a clean read leaves it for the next.
        settle(() => resolve(m), m.ok);
      });
      worker.once('error', (err: Error & { code?: string }) => {
        const tooBig = err.code === 'ERR_WORKER_OUT_OF_MEMORY';
        settle(
          () =>
            reject(
              tooBig
                ? new AppError('unpacked_too_large', { max: limits.unpackedMb, size: `> ${limits.unpackedMb}` })
                : err,
            ),
          false,
        );
      });
      worker.once('exit', (code) =>
        settle(() => reject(new Error(`file reader exited with ${code} before answering`)), false),
      );
      if (reused) send();
    });
    if (!outcome.ok) throw new AppError(outcome.code as ErrorCode, outcome.params, outcome.errors);
    return outcome;
  } finally {
    release();
  }
}

/** Files being read right now (for tests and metrics). */
export const readsInProgress = () => running;
