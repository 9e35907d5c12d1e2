import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

interface CheckBuild {
  runtimeSpecifiers(code: string): string[];
  packageName(specifier: string): string;
}

let cb: CheckBuild;
beforeAll(async () => {
  cb = (await import(
    pathToFileURL(resolve(import.meta.dirname, '../../../scripts/check-build.mjs')).href
  )) as CheckBuild;
});

describe('check-build helpers', () => {
  it('finds every bare specifier a bundle loads at run time', () => {
    const code = [
      'import { createRequire } from "node:module";',
      'import Database from "better-sqlite3";',
      'import * as z from "zod";',
      'import {\n  a,\n  b\n} from "@whiskeysockets/baileys";',
      'import "side-effect";',
      'export { x } from "re-export";',
      'const m = await import("dyn");',
      'const k = createRequire(import.meta.url)("keytar");',
      'const r = require("electron");',
      'import local from "./local.js";',
    ].join('\n');
    expect(cb.runtimeSpecifiers(code).sort()).toEqual(
      [
        '@whiskeysockets/baileys',
        'better-sqlite3',
        'dyn',
        'electron',
        'keytar',
        'node:module',
        're-export',
        'side-effect',
        'zod',
      ].sort(),
    );
  });

  it('reduces a specifier to its package', () => {
    expect(cb.packageName('csv-parse/sync')).toBe('csv-parse');
    expect(cb.packageName('@fastify/static')).toBe('@fastify/static');
    expect(cb.packageName('@a/b/c')).toBe('@a/b');
  });
});
