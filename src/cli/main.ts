#!/usr/bin/env node
import { tightenHeapGrowth } from './heap.js';
import { processIo } from './io.js';
import { run } from './run.js';

tightenHeapGrowth();

// The one place that sets the exit code (README.md, "Exit codes").
process.exitCode = await run(process.argv.slice(2), processIo());
