/** The optimizers training memory knows (./memory.ts): their names, as the CLI, budgets and the panel take them. */
export const OPTIMIZERS = ['sgd', 'sgd-momentum', 'adam', 'adamw'] as const;
export type Optimizer = (typeof OPTIMIZERS)[number];
