/** The README's 4-node network (ground, a 1 V source, a hidden node, an output): a spec fixture. */
export const fourNodeNetwork = {
  nodes: ['g', 'in', 'a', 'out'],
  edges: [
    { a: 'g', b: 'a', k: 1 },
    { a: 'in', b: 'a', k: 2 },
    { a: 'a', b: 'out', k: 1 },
    { a: 'out', b: 'g', k: 1 },
  ],
  ground: 'g',
  inputs: [{ node: 'in', v: 1 }],
  outputs: [{ node: 'out', target: 0.3 }],
};
