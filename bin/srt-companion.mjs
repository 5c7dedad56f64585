#!/usr/bin/env node
// Entry point of the `srt-companion` CLI: loads the TypeScript sources through tsx, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/main/cli/main.ts');
process.exitCode = await runCli(process.argv.slice(2));
