/**
 * Where the command has got to, for the worker's watchdog (./start.ts): told each time a file, budget or model
 * starts. Nothing listens when the command runs on the caller's thread (tests, the in-process path).
 */
export const progress: { on?: (what: string) => void } = {};
