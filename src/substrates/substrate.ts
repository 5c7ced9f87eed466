import { Observable } from 'rxjs';
import { NodeDynamics } from '../nodes/node-dynamics';
import { Coupling } from '../synapses/synapse-rule';

/**
 * What a node is for: an input (held at an imposed value: a voltage source, a data pixel), an
 * output (nudged toward a target by the clamp clock), a hidden node, or the ground (held at 0).
 */
export type Role = 'input' | 'output' | 'hidden' | 'ground';

/**
 * A physical or neural network as data plus pure functions, independent of how it is simulated
 * (docs/guides/substrate.md): its nodes with their roles, its synapses as endpoint
 * pairs, the node dynamics of each role and the coupling (local signal s = dE/dw and what a
 * synapse delivers to its endpoints). The engines (src/engines) run any substrate; a
 * substrate holds no engine code.
 */
export interface Substrate<NP = unknown> {
  /** A name for errors and logs. */
  readonly name: string;
  /** Node names, one per node. */
  readonly ids: readonly string[];
  /** Node roles, one per node: input and ground are held, output is also nudged. */
  readonly roles: readonly Role[];
  /** Synapse e joins edgeA[e] and edgeB[e] and starts at weight w0[e]. */
  readonly edgeA: Int32Array;
  /** Second endpoint of each synapse. */
  readonly edgeB: Int32Array;
  /** Initial weight of each synapse. */
  readonly w0: Float64Array;
  /**
   * Stable synapse names (their random substreams are named after them). A function, so the
   * array engine, which needs a name only to report a divergence, holds no string per synapse.
   */
  synapseId(e: number): string;
  /** Node dynamics per role. */
  readonly dynamics: Readonly<Record<Role, NodeDynamics<NP>>>;
  /** Parameters passed to every node step. */
  readonly nodeParams: NP;
  /** Local signal and contributions of every synapse. */
  readonly coupling: Coupling;
  /** See SynapseAgentConfig.conduction: 'event' for physical networks, 'tick' for synchronous maps. */
  readonly conduction: 'event' | 'tick';
  /**
   * Synapses that form dense matrices (layers, the RBM's weights), which the array engine runs as
   * matrix products when the coupling declares `product`. Only a layout: the synapses are
   * also listed in edgeA and edgeB, and the engine checks that they match.
   */
  readonly blocks?: readonly DenseBlock[];
  /** The substream a stochastic node draws from (default `draw:<id>`). */
  drawStream?(node: number): string;
  /** What a held or nudged node is driven to unless the run says otherwise (constant streams). */
  defaultDrive(node: number): Observable<number> | undefined;
}

/**
 * A dense block of synapses: synapse first + i * cols + j (i < rows, j < cols) joins node
 * rowStart + i and node colStart + j, the row node being its edgeA (or its edgeB if rowEnd is
 * 'b'). The row and column node ranges do not overlap.
 */
export interface DenseBlock {
  readonly first: number;
  readonly rowStart: number;
  readonly rows: number;
  readonly colStart: number;
  readonly cols: number;
  readonly rowEnd?: 'a' | 'b';
}

/**
 * Names synapses after their endpoints, so a synapse's substream does not depend on its position
 * in the list; only parallel synapses get a count suffix (a-b, a-b#2, ...). The names are made
 * on the first call, then kept.
 */
export function lazySynapseNames(ids: readonly string[], edgeA: Int32Array, edgeB: Int32Array): (e: number) => string {
  let names: string[] | undefined;
  return (e) => (names ??= synapseNames(ids, edgeA, edgeB))[e];
}

function synapseNames(ids: readonly string[], edgeA: Int32Array, edgeB: Int32Array): string[] {
  const seen = new Map<string, number>();
  return Array.from(edgeA, (a, e) => {
    const pair = `${ids[a]}-${ids[edgeB[e]]}`;
    const count = (seen.get(pair) ?? 0) + 1;
    seen.set(pair, count);
    return count === 1 ? pair : `${pair}#${count}`;
  });
}
