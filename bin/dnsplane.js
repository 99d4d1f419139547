#!/usr/bin/env node
// The dnsplane command. The TypeScript sources are compiled to dist/ by `npm run build`
// (run automatically by `npm install`/`npm ci` through the prepare script).
//
// `up` stops cleanly on SIGTERM/SIGINT at any moment, even while its modules are still loading:
// until `up` installs its own handlers, a signal here is logged and exits 0 (nothing has started).
const early = (signal) => {
  process.stderr.write(`${JSON.stringify({ level: 'info', time: new Date().toISOString(), msg: `stopping: ${signal} received`, phase: 'loading' })}\n`);
  process.exit(0);
};
if (process.argv[2] === 'up') for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, signal === 'SIGHUP' ? () => undefined : early);

const { main } = await import('../dist/src/cli/main.js');
main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`dnsplane: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
