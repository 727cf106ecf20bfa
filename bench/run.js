// `npm run bench -- <name> [options]`: runs one named benchmark (after `npm run build`, which the script does).
// Each benchmark is a module exporting `run(args)` and a one-line `description`; add new ones to the table.
const BENCHMARKS = {
  fleet: () => import('./fleet.js'),
  books: () => import('./books.js'),
};

const [name, ...args] = process.argv.slice(2);
const load = name ? BENCHMARKS[name] : undefined;
if (!load) {
  const lines = await Promise.all(
    Object.entries(BENCHMARKS).map(
      async ([key, module]) => `  ${key.padEnd(10)} ${(await module()).description}`,
    ),
  );
  process.stderr.write(`usage: npm run bench -- <name> [options]\n\nbenchmarks:\n${lines.join('\n')}\n`);
  process.exit(name ? 2 : 0);
}
await (await load()).run(args);
