/**
 * What an entry of the event queue is: the low bits of its item; the rest is the agent (node,
 * synapse), the endpoint view or the in-flight message it concerns.
 */
export const NODE_TICK = 0;
export const SYNAPSE_TICK = 1;
/** A value reaching the end of an endpoint view's fixed delay. */
export const VIEW_DELAY = 2;
/** A value reaching the end of an endpoint view's random delay. */
export const VIEW_RANDOM_DELAY = 3;
/** An endpoint view's sampling tick (jittered sampling). */
export const VIEW_SAMPLE = 4;

export const KIND_BITS = 3;
export const KIND_MASK = (1 << KIND_BITS) - 1;
/** Ids must fit in the item's remaining bits. */
export const MAX_ID = 2 ** (31 - KIND_BITS) - 1;
