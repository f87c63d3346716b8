/** The time now. Injected wherever a timestamp is written, so tests and the seed can set it. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
