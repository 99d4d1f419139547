#!/usr/bin/env node
// The dnsplane command. The TypeScript sources are compiled to dist/ by `npm run build`
// (run automatically by `npm install`/`npm ci` through the prepare script).
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error) => {
    process.stderr.write(`dnsplane: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  },
);
