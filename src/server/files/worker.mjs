// The entry of a file-reading worker thread (run.ts): TypeScript through tsx, as the server itself runs; then
// each job it is sent is read and its outcome posted back. A worker is reused while it behaves.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runJob } = await import(new URL('./read.ts', import.meta.url).href);
parentPort.on('message', async (job) => parentPort.postMessage(await runJob(job)));
parentPort.postMessage('ready');
