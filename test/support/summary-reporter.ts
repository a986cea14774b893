// Ends every run with one plain line, "N passed, N failed, N skipped", that any CI can read,
// preceded by a line for each group of tests skipped because the machine lacks a program.
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';
import { REQUIREMENTS } from './requirements.js';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    const notRun = new Map<string, number>();
    for (const module of modules) {
      // A file that failed before its tests ran (an import or a beforeAll error) counts as a failure.
      if (module.state() === 'failed' && [...module.children.allTests('failed')].length === 0) failed += 1;
      const file = path.relative(process.cwd(), module.moduleId).split(path.sep).join('/');
      const missing = REQUIREMENTS.find((r) => file.startsWith(r.testsUnder) && !r.available());
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else {
          skipped += 1;
          if (missing) notRun.set(missing.name, (notRun.get(missing.name) ?? 0) + 1);
        }
      }
    }
    for (const requirement of REQUIREMENTS) {
      const count = notRun.get(requirement.name);
      if (count) {
        process.stdout.write(
          `\nNOT RUN: ${count} tests in ${requirement.testsUnder} need ${requirement.name}, which is not installed. Install it with: ${requirement.install}`,
        );
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
