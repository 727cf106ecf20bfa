#!/usr/bin/env node
// Lists exports of src/<folders> (default: emulator books core auth http) that nothing imports: not src, test,
// bench or scripts, and not re-exported by a public entry (src/index.ts, src/emulator/index.ts). "used-locally"
// means only the `export` keyword is dead; "UNUSED" means the declaration is. Exits 1 when it finds any.
// Usage: node scripts/dead-exports.mjs [folder…]
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const folders = process.argv.slice(2).length
  ? process.argv.slice(2)
  : ['emulator', 'books', 'core', 'auth', 'http', 'serve', 'cli'];
const cfg = ts.getParsedCommandLineOfConfigFile(
  path.join(root, 'tsconfig.json'),
  {},
  { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
);
const program = ts.createProgram(cfg.fileNames, cfg.options);
const checker = program.getTypeChecker();
const used = new Set();
const resolve = (s) => (s && s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
const publicEntries = ['src/index.ts', 'src/emulator/index.ts'].map((f) => path.join(root, f));
for (const sf of program.getSourceFiles()) {
  if (sf.isDeclarationFile || sf.fileName.includes('node_modules')) continue;
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) {
      const mod = node.moduleSpecifier && checker.getSymbolAtLocation(node.moduleSpecifier);
      const clause = ts.isImportDeclaration(node) ? node.importClause : node.exportClause;
      if (ts.isExportDeclaration(node) && !node.exportClause && mod) {
        for (const e of checker.getExportsOfModule(mod)) used.add(resolve(e)); // export *
      }
      if (clause) {
        const named = ts.isImportDeclaration(node) ? clause.namedBindings : clause;
        if (named && ts.isNamespaceImport(named) && mod)
          for (const e of checker.getExportsOfModule(mod)) used.add(resolve(e));
        if (named && (ts.isNamedImports(named) || ts.isNamedExports(named))) {
          for (const el of named.elements) used.add(resolve(checker.getSymbolAtLocation(el.name)));
        }
      }
    }
    if (ts.isImportTypeNode(node) && node.qualifier)
      used.add(resolve(checker.getSymbolAtLocation(node.qualifier)));
    // dynamic import(...) of a module: conservatively everything
    if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      const m = checker.getSymbolAtLocation(node.arguments[0]);
      if (m) for (const e of checker.getExportsOfModule(m)) used.add(resolve(e));
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}
// Symbols used inside their own file (so only the `export` keyword is dead).
const dead = [];
for (const sf of program.getSourceFiles()) {
  const rel = path.relative(root, sf.fileName);
  if (!folders.some((f) => rel.startsWith(`src/${f}/`)) || publicEntries.includes(sf.fileName)) continue;
  const mod = checker.getSymbolAtLocation(sf);
  if (!mod) continue;
  for (const e of checker.getExportsOfModule(mod)) {
    const s = resolve(e);
    if (used.has(s)) continue;
    // local uses
    let localUses = 0;
    const decl = s.declarations?.[0];
    const visit = (node) => {
      if (ts.isIdentifier(node) && node.text === e.name && node !== decl?.name) {
        const t = checker.getSymbolAtLocation(node);
        if (t && resolve(t) === s) localUses += 1;
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
    dead.push(`${rel}\t${e.name}\t${localUses ? 'used-locally' : 'UNUSED'}`);
  }
}
if (dead.length) console.log(dead.join('\n'));
process.exitCode = dead.length ? 1 : 0;
