import { NodeDynamics } from './node-dynamics';

/** A node held at whatever value it is driven to: a voltage source, the ground, a data unit, a bias unit. */
export const heldNode: NodeDynamics<unknown> = {
  name: 'held',
  reads: ['drive'],
  takesDrive: true,
  step: (_v, input) => input.drive,
};
