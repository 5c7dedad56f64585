// Test support: the deterministic PRNG (mulberry32) the rehearsal's loss bursts use, so randomized runs reproduce from their seed.

export { mulberry32 } from '../../src/main/rehearsal/seededRandom';
