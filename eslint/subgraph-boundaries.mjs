import path from 'node:path';

/**
 * A subgraph may import another subgraph's `contract.ts` and nothing else of it; the platform
 * imports no subgraph at all, and the gateway only contracts. Composition roots (main.ts,
 * scripts/, bench/, test/) may import anything.
 */
const root = path.resolve(import.meta.dirname, '..');
const SUBGRAPH = /^subgraphs\/([^/]+)\/(.*)$/;

function area(relative) {
  const subgraph = SUBGRAPH.exec(relative);
  if (subgraph) return { kind: 'subgraph', name: subgraph[1] };
  if (relative.startsWith('platform/')) return { kind: 'platform' };
  if (relative.startsWith('gateway/')) return { kind: 'gateway' };
  return { kind: 'composition' };
}

function isContract(rest) {
  return /^contract(\.ts)?$/.test(rest);
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: "Only a subgraph's contract.ts may be imported from outside it" },
    messages: {
      subgraph: "{{from}} may not import {{target}}: only another subgraph's contract.ts crosses the boundary.",
      platform: 'The platform imports no subgraph ({{target}}): nothing in platform/ is domain-specific.',
      gateway: "The gateway may import only a subgraph's contract.ts, not {{target}}.",
    },
    schema: [],
  },
  create(context) {
    const file = path.relative(root, context.filename).split(path.sep).join('/');
    const from = area(file);
    if (from.kind === 'composition') return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const target = path
        .relative(root, path.resolve(path.dirname(context.filename), source))
        .split(path.sep)
        .join('/');
      const match = SUBGRAPH.exec(target);
      if (!match) return;
      const [, name, rest] = match;
      if (from.kind === 'subgraph' && (name === from.name || isContract(rest))) return;
      if (from.kind === 'gateway' && isContract(rest)) return;
      context.report({ node, messageId: from.kind, data: { from: file, target } });
    };
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node.source, node.source.value),
    };
  },
};

export default { rules: { 'subgraph-boundaries': rule } };
