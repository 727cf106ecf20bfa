// Tests that need a program beside Node (redis-server, zsh, fish, tmux) declare it here. When the program is
// missing (test/fixtures/tools.mjs could neither find nor obtain it), their tests are skipped rather than
// failed, each tagged with the missing tool so that the reporter (test/setup/missing-tools-reporter.ts) can
// count them, name the install command, and fail the run under CI.
import { describe, it, type TestOptions } from 'vitest';
import { findTool, installCommand, type ToolName } from '../fixtures/tools.mjs';

export type { ToolName } from '../fixtures/tools.mjs';

declare module 'vitest' {
  interface TaskMeta {
    /** On a test skipped for want of a tool: the tools it needed that are missing. */
    missingTools?: ToolName[];
  }
}

/** The tool's path; throws, with the install command, when it is missing. */
export function tool(name: ToolName): string {
  const found = findTool(name);
  if (found.path) return found.path;
  throw new Error(`${found.problem}: install it with \`${installCommand(name)}\``);
}

function missing(names: ToolName[]): ToolName[] {
  return names.filter((name) => !findTool(name).path);
}

// vitest passes a suite's options on to every test in it, `meta` included; typed loosely since TestOptions
// does not declare it.
const skipped = (names: ToolName[]) => ({ meta: { missingTools: names } }) as TestOptions;

/** `describe`, or a skipped one whose tests say which tools they missed. */
export function describeWith(...names: ToolName[]): (name: string, fn: () => void) => void {
  const absent = missing(names);
  if (absent.length === 0) return (name, fn) => describe(name, fn);
  return (name, fn) => describe.skip(name, skipped(absent), fn);
}

/** `it`, or a skipped one that says which tools it missed. */
export function itWith(
  ...names: ToolName[]
): (name: string, fn: () => Promise<void> | void, timeout?: number) => void {
  const absent = missing(names);
  if (absent.length === 0) return (name, fn, timeout) => it(name, fn, timeout);
  return (name, fn) => it.skip(name, skipped(absent), fn);
}
