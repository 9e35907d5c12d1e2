// node --import ./register.mjs out/main/main.js: every `import ... from 'electron'` gets the stand-in.
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
