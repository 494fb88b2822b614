// A render worker thread: runs the tasks the pool (parallel.ts) posts, one at a time, and posts
// back the output with the time it took. Loaded by the bootstrap in parallel.ts once tsx is
// registered in this thread.

import { parentPort, workerData } from 'node:worker_threads';
import { loadRenderers, runTask, type RenderTask, type TaskKind } from './worker-tasks.js';

export interface TaskMessage {
  id: number;
  task: RenderTask;
}

export type ReplyMessage =
  | { type: 'ready' }
  | { type: 'done'; id: number; output: unknown; ms: number }
  | { type: 'failed'; id: number; error: { name: string; message: string; stack?: string } };

const port = parentPort;
if (!port) throw new Error('pipeline/render/worker.ts runs only as a worker thread');

await loadRenderers((workerData as { kinds: TaskKind[] }).kinds);

port.on('message', async ({ id, task }: TaskMessage) => {
  const start = performance.now();
  try {
    const output = await runTask(task);
    const ms = performance.now() - start;
    const bytes = output instanceof Uint8Array ? output : undefined;
    // Hand the bytes over without a copy when they own their whole buffer.
    const transfer =
      bytes && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? [bytes.buffer as ArrayBuffer]
        : [];
    port.postMessage({ type: 'done', id, output, ms } satisfies ReplyMessage, transfer);
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    port.postMessage({
      type: 'failed',
      id,
      error: { name: err.name, message: err.message, stack: err.stack },
    } satisfies ReplyMessage);
  }
});

port.postMessage({ type: 'ready' } satisfies ReplyMessage);
