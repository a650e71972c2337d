#!/usr/bin/env node
// Launches the TypeScript CLI through tsx so the project runs without a build step.
import { register } from 'tsx/esm/api';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';

// Everything the command creates (database, raw files, locks, exports) is readable by this user only.
process.umask(0o077);
register();
const here = path.dirname(fileURLToPath(import.meta.url));
const { main } = await import(pathToFileURL(path.join(here, '..', 'server', 'cli', 'main.ts')).href);
await main(process.argv.slice(2));
