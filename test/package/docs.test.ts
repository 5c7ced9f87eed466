import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * Every symbol a user can import has a doc comment: the exports of the package's entry points,
 * followed into `export * as name` namespaces, the public methods and accessors of exported
 * classes and the methods of exported interfaces. The same rule as typedoc's `validation.notDocumented` in typedoc.json (which
 * `npm run docs` enforces), checked with the compiler API because typedoc takes about a minute.
 */
const root = path.resolve(__dirname, '../..');
const entryPoints = ['src/index.ts', 'src/arbitraries.ts'].filter((f) => fs.existsSync(path.join(root, f)));

/** A doc comment on the declaration, or on the `export { x } from '...'` statement that re-exports it. */
function documented(symbol: ts.Symbol, checker: ts.TypeChecker): boolean {
  if (symbol.getDocumentationComment(checker).length > 0) return true;
  return (symbol.declarations ?? []).some((d) => {
    if (ts.getJSDocCommentsAndTags(d).length > 0) return true;
    if (!ts.isExportSpecifier(d)) return false;
    const statement = d.parent.parent;
    const text = statement.getSourceFile().text;
    return (ts.getLeadingCommentRanges(text, statement.getFullStart()) ?? []).some((c) => text.startsWith('/**', c.pos));
  });
}

function undocumentedExports(): string[] {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.build.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => { throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n')); },
  });
  if (!config) throw new Error('tsconfig.build.json not readable');
  const program = ts.createProgram(entryPoints.map((f) => path.join(root, f)), config.options);
  const checker = program.getTypeChecker();
  const missing = new Set<string>();
  const seen = new Set<ts.Symbol>();

  const visit = (exported: ts.Symbol, name: string): void => {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = target.declarations?.[0];
    if (!decl || decl.getSourceFile().fileName.includes('node_modules')) {
      // A re-exported library value (zod's z): the re-export itself carries the comment.
      if (!documented(exported, checker)) missing.add(name);
      return;
    }
    if (seen.has(target)) return;
    seen.add(target);
    if (target.flags & ts.SymbolFlags.ValueModule && ts.isSourceFile(decl)) {
      // `export * as name from './x'`: a namespace, documented by its barrel's `@module` comment.
      if (!/^\s*\/\*\*(?:(?!\*\/)[\s\S])*@module/.test(decl.text) && !documented(exported, checker)) missing.add(name);
      for (const s of checker.getExportsOfModule(target)) visit(s, `${name}.${s.name}`);
      return;
    }
    if (!documented(exported, checker) && !documented(target, checker)) missing.add(name);
    if (ts.isInterfaceDeclaration(decl)) {
      // Methods, and properties that hold functions: typedoc lists both as call signatures.
      for (const member of decl.members) {
        const callable = ts.isMethodSignature(member) || (ts.isPropertySignature(member) && member.type !== undefined && ts.isFunctionTypeNode(member.type));
        const ms = callable && member.name ? checker.getSymbolAtLocation(member.name) : undefined;
        if (ms && !documented(ms, checker)) missing.add(`${name}.${ms.name}`);
      }
    }
    if (target.flags & ts.SymbolFlags.Class && ts.isClassDeclaration(decl)) {
      for (const member of decl.members) {
        if (!(ts.isMethodDeclaration(member) || ts.isGetAccessorDeclaration(member) || ts.isSetAccessorDeclaration(member))) continue;
        const mods = ts.getCombinedModifierFlags(member);
        if (mods & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        if (member.name && ts.isPrivateIdentifier(member.name)) continue;
        const ms = checker.getSymbolAtLocation(member.name);
        if (ms && !documented(ms, checker)) missing.add(`${name}.${ms.name}`);
      }
    }
  };

  for (const file of entryPoints) {
    const source = program.getSourceFile(path.join(root, file));
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`${file}: not a module`);
    const prefix = file === 'src/index.ts' ? '' : `${path.basename(file, '.ts')}.`;
    for (const s of checker.getExportsOfModule(moduleSymbol)) visit(s, prefix + s.name);
  }
  return [...missing].sort();
}

describe('API documentation', () => {
  it('documents every exported symbol of the entry points', () => {
    expect(undocumentedExports()).toEqual([]);
  });

  it('never cites the maintainers\' private notes, which users do not have', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) { if (entry.name !== 'api' && entry.name !== 'node_modules' && entry.name !== 'build') walk(rel); continue; }
        if (!/\.(ts|js|md|json)$/.test(entry.name)) continue;
        const text = fs.readFileSync(path.join(root, rel), 'utf8');
        if (/papers\.md|\.\.\/shared/.test(text)) offenders.push(rel);
      }
    };
    for (const dir of ['src', 'docs', 'examples']) walk(dir);
    if (/papers\.md|\.\.\/shared/.test(fs.readFileSync(path.join(root, 'README.md'), 'utf8'))) offenders.push('README.md');
    expect(offenders).toEqual([]);
  });

  it('cites only sections of docs/science.md that exist', () => {
    const science = fs.readFileSync(path.join(root, 'docs/science.md'), 'utf8');
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens.
    const anchors = new Set(
      [...science.matchAll(/^#+ (.+)$/gm)].map((m) => m[1].trim().toLowerCase().replace(/[^a-z0-9 _-]/g, '').replace(/ /g, '-')),
    );
    const broken: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const rel = path.join(dir, entry.name);
        if (entry.isDirectory()) { if (entry.name !== 'api') walk(rel); continue; }
        if (!/\.(ts|md)$/.test(entry.name)) continue;
        const text = fs.readFileSync(path.join(root, rel), 'utf8');
        for (const m of text.matchAll(/science\.md#([a-z0-9_-]+)/g)) if (!anchors.has(m[1])) broken.push(`${rel}: #${m[1]}`);
      }
    };
    for (const dir of ['src', 'test', 'docs', 'examples']) walk(dir);
    expect(broken).toEqual([]);
  });
});

