#!/usr/bin/env node
import { processIo } from './io.js';
import { run } from './run.js';

// The one place that sets the exit code (README.md, "Exit codes").
process.exitCode = await run(process.argv.slice(2), processIo());
