/**
 * The layered Hopfield network of equilibrium propagation ([EP], [TCL]'s MNIST experiment):
 * batched relaxation, the network on any engine and the training loop (classic EP and TCL run on the
 * engines' quasi-static path, src/engines/quasi-static). See
 * docs/science.md#equilibrium-propagation.
 *
 * @module
 */
export * from '../../substrates/hopfield';
export { HopfieldBatch } from './hopfield-batch';
export { Digits, DigitSplit, PIXELS, loadDigits, splitDigits, gather } from '../../datasets/mnist-digits';
export { EpSpec, EpRuleSpec, ClassicRuleSpec, TclRuleSpec, readEpSpec, isEpSpec, defaultTcl } from './ep-spec';
export { EpJob, EpRow, EpState, prepareEp } from './ep-train';
export { saveCheckpoint, loadCheckpoint } from './checkpoint';
export { EpCurve, epErrorSpec } from './ep-plot';
export { HopfieldNetwork, HopfieldNetworkOptions, HopfieldRule, HopfieldExamples, hopfieldNetwork } from '../../engines/networks/hopfield-network';
