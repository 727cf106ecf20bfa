import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Files that take longest (processes sharing stores in real time, the chaos run, gateway replicas) start first,
 * so that on two workers the run does not end waiting for one of them started last. Vitest orders by the
 * durations it cached in an earlier run; a fresh clone has none, and would order by file size instead.
 */
const LONGEST = [
  'test/chaos/chaos.test.ts',
  'test/fleet/throttle-shared.test.ts',
  'test/fleet/fleet-redis.test.ts',
  'test/fleet/scope-refusals.test.ts',
  'test/serve/replicas.test.ts',
  'test/fleet/fleet-file.test.ts',
];

export default class LongFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (file: TestSpecification) => {
      const at = LONGEST.findIndex((name) => file.moduleId.endsWith(name));
      return at === -1 ? LONGEST.length : at;
    };
    return sorted
      .map((file, index) => ({ file, index }))
      .sort((a, b) => rank(a.file) - rank(b.file) || a.index - b.index)
      .map(({ file }) => file);
  }
}
