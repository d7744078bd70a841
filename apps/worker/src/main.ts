#!/usr/bin/env node
import { runWorker } from './program.js';

process.exitCode = await runWorker(process.argv.slice(2), { handleSignals: true });
