// Closes the run with one plain line per tool that was missing: its name, how many tests it skipped, and the
// command that installs it. Under CI a skip for a missing tool fails the run: CI must run everything.
import type { RunnerTask, RunnerTestFile } from 'vitest';
import type { Reporter } from 'vitest/node';
import { installCommand, TOOL_NAMES, type ToolName } from '../fixtures/tools.mjs';
// Type only (erased): its declaration of TaskMeta.missingTools. At run time it would import vitest's test API.
import type {} from '../helpers/tools.js';

export default class MissingToolsReporter implements Reporter {
  // onFinished rather than onTestRunEnd: vitest calls it after the default reporter's summary, so these lines
  // close the run.
  onFinished(files: RunnerTestFile[] = []): void {
    const skipped = new Map<ToolName, number>();
    const visit = (task: RunnerTask): void => {
      if (task.type === 'suite') for (const child of task.tasks) visit(child);
      else if (task.mode === 'skip' || task.result?.state === 'skip') {
        for (const name of task.meta.missingTools ?? []) skipped.set(name, (skipped.get(name) ?? 0) + 1);
      }
    };
    for (const file of files) visit(file);
    if (skipped.size === 0) return;
    const lines = TOOL_NAMES.filter((name) => skipped.has(name)).map((name) => {
      const count = skipped.get(name)!;
      return `missing tool: ${name}, ${count} ${count === 1 ? 'test' : 'tests'} skipped; install it with \`${installCommand(name)}\``;
    });
    if (isCI()) {
      lines.push('CI: tests skipped for a missing tool fail the run (CI must run every test)');
      process.exitCode = 1;
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

function isCI(): boolean {
  const ci = process.env.CI;
  return Boolean(ci) && ci !== 'false' && ci !== '0';
}
