import { applyMemoryFlags } from './memory-flags';
import { startYoungGenerationCap } from './memory-young-cap';

// Imported first by each host's entry, so the flag is in force before the modules that follow load and allocate:
// ES modules evaluate their imports in order, and the bundle keeps that order.
applyMemoryFlags();
// For the life of the host's process: the young generation stays at or under its cap (memory-young-cap.ts).
startYoungGenerationCap();
