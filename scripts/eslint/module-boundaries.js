// The codebase's module boundaries, as one lint rule: an app never imports another app, and code
// in another module reaches a lib only through its public entry (`#lib`), never by a relative path
// into its files. Relative imports are resolved against the importing file; bare and `#` imports pass.
import path from 'node:path';

/** `apps/<name>` or `libs/<name>` of a path under the repository root, or null for anything else. */
function moduleOf(root, file) {
  const [top, name] = path.relative(root, file).split(path.sep);
  return (top === 'apps' || top === 'libs') && name ? `${top}/${name}` : null;
}

export const moduleBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'no app imports another app; no relative import into another lib' },
    schema: [],
    messages: {
      crossApp: '{{from}} imports {{to}}: apps talk over NATS and share code through libs/',
      libInternals: "{{from}} reaches into {{to}}'s files: import it as '#{{lib}}'",
    },
  },
  create(context) {
    const root = context.cwd;
    const file = context.filename;
    const from = moduleOf(root, file);
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) {
        return;
      }
      const to = moduleOf(root, path.resolve(path.dirname(file), source));
      // tests/ and scripts/ stand outside the modules: they may drive any of them.
      if (from === null || to === null || to === from) {
        return;
      }
      if (to.startsWith('apps/')) {
        context.report({ node: node.source, messageId: 'crossApp', data: { from, to } });
      } else {
        const lib = to.slice('libs/'.length);
        context.report({ node: node.source, messageId: 'libInternals', data: { from, to, lib } });
      }
    };
    return {
      ImportDeclaration: check,
      ExportNamedDeclaration: check,
      ExportAllDeclaration: check,
      ImportExpression: check,
    };
  },
};
