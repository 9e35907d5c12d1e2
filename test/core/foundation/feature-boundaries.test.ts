import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules that keep electron/core's features apart (eslint.config.js): one feature reaches another only
// through its entry (index.ts), the composition root too, and every feature still never imports Electron.
const eslint = new ESLint();
const restricted = async (filePath: string, code: string) => {
  const [r] = await eslint.lintText(code, { filePath });
  return (r?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
};

describe('feature boundaries (lint)', () => {
  it("refuses a feature reaching inside another feature, from a feature's subfolder and from engine.ts", async () => {
    expect(
      await restricted('electron/core/status/x.ts', "export { createOtomaxHolder } from '../otomax/holder';\n"),
    ).toHaveLength(1);
    expect(
      await restricted('electron/core/otomax/sub/x.ts', "export type { Forwarder } from '../../forwarder/index2';\n"),
    ).toHaveLength(1);
    expect(
      await restricted('electron/core/x.ts', "export { createWhatsAppWiring } from './whatsapp/wiring';\n"),
    ).toHaveLength(1);
  }, 30_000);

  it('lets a feature import another through its entry, its own files, and the kernel, db, config, http', async () => {
    const ok = [
      "export { createOtomaxFeature } from '../otomax';",
      "export { createOtomaxFeature } from '../otomax/index';",
      "export { computeBanners } from './banners';",
      "export { createLogger } from '../kernel/logger';",
      "export { createStateRepo } from '../db/state-repo';",
      "export { DEFINITIONS } from '../config/schema';",
      "export { send } from '../http/envelope';",
    ].join('\n');
    expect(await restricted('electron/core/status/x.ts', `${ok}\n`)).toEqual([]);
  }, 30_000);

  it('still refuses electron in a feature folder (the feature rule does not replace the core rule)', async () => {
    expect(await restricted('electron/core/forwarder/x.ts', "export { app } from 'electron';\n")).toHaveLength(1);
  }, 30_000);
});
