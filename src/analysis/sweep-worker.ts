import { parentPort, workerData } from 'worker_threads';
import { PointRequest, computePoint } from './experiments';

// Entry of a sweep worker thread (run as compiled dist/analysis/sweep-worker.js): computes the
// points it is sent, one at a time. The workerData flag keeps it inert if imported elsewhere.
if (parentPort && (workerData as { sweepWorker?: boolean } | null)?.sweepWorker === true) {
  const port = parentPort;
  port.on('message', (req: PointRequest) => port.postMessage(computePoint(req)));
}
