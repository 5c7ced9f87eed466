/** Options every learning rule takes: its learning rate and bounds on the weight. */
export interface LearningParams {
  /** Learning rate (per unit of simulated time for rules that integrate, per update otherwise). */
  lr: number;
  /** Weight floor; for conductances keep it > 0 (coupled learning [CL] floors k). */
  wMin: number;
  /** Weight ceiling. */
  wMax: number;
}

/** w clamped to [wMin, wMax]. */
export const clampWeight = (w: number, p: LearningParams): number => (w < p.wMin ? p.wMin : w > p.wMax ? p.wMax : w);

/** The types of LearningParams, for a rule's paramTypes (the engines check them before a run). */
export const learningParamTypes = { lr: 'number', wMin: 'number', wMax: 'number' } as const;
