import { applyMemoryFlags } from './memory-flags';

// Imported first by each host's entry, so the flag is in force before the modules that follow load and allocate:
// ES modules evaluate their imports in order, and the bundle keeps that order.
applyMemoryFlags();
