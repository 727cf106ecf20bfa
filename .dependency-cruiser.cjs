// The layering of DESIGN.md: imports point down only, and the emulator is a world of its own.
const layer = (name, allowed) => ({
  name: `${name}-imports-down-only`,
  severity: 'error',
  comment: `${name}/ may import only ${allowed.length ? allowed.join(', ') : 'nothing of ours'}`,
  from: { path: `^src/${name}/` },
  to: { path: '^src/', pathNot: [`^src/${name}/`, ...allowed.map((a) => `^src/${a}/`)] },
});

module.exports = {
  forbidden: [
    layer('core', []),
    layer('auth', ['core']),
    layer('http', ['core']),
    layer('books', ['http', 'auth', 'core']),
    layer('serve', ['books', 'http', 'auth', 'core']),
    layer('emulator', []),
    {
      name: 'nobody-imports-the-emulator',
      severity: 'error',
      comment: 'the client must not share code with the emulator (only the CLI may start it)',
      from: { path: '^src/(core|auth|http|books|serve)/' },
      to: { path: '^src/emulator/' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
