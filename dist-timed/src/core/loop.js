export function runEvery(clock, intervalMs, step, onError) {
    let stopped = false;
    const done = (async () => {
        while (!stopped) {
            try {
                await step();
            }
            catch (error) {
                onError(error);
            }
            if (stopped)
                break;
            await clock.sleepMs(intervalMs);
        }
    })();
    return { stop: () => { stopped = true; }, done };
}
//# sourceMappingURL=loop.js.map