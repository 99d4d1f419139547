/** Worker thread entry: explores the seed ranges the main thread sends, one message per range. */
import { parentPort } from 'node:worker_threads';
import { exploreSeeds } from './explore-seeds.js';
const port = parentPort;
if (port !== null) {
    port.on('message', (range) => {
        void exploreSeeds(range).then((outcome) => port.postMessage(outcome));
    });
}
//# sourceMappingURL=explore-worker.js.map