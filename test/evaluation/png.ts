import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { expect } from 'vitest';
import type { Attachment } from '../../src/core/reply.ts';

/** Stored pictures each chart is compared with; `UPDATE_CHART_REFERENCES=1` writes them anew. */
export const REFERENCE_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference');

/** Pixels allowed to differ from the reference, as a share of the picture (antialiasing aside). */
const TOLERANCE = 0.005;

/** Decodes a PNG attachment and checks it is a real, drawn picture of a size a phone shows well. */
export function readPng(file: Attachment | undefined): PNG {
  expect(file, 'a PNG attachment').toBeDefined();
  expect(file!.contentType).toBe('image/png');
  expect([...file!.data.subarray(0, 8)], 'PNG signature').toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const png = PNG.sync.read(file!.data);
  expect(png.width, `${file!.filename} width`).toBeGreaterThanOrEqual(800);
  expect(png.width, `${file!.filename} width`).toBeLessThanOrEqual(2000);
  expect(png.height, `${file!.filename} height`).toBeGreaterThanOrEqual(400);
  expect(png.height, `${file!.filename} height`).toBeLessThanOrEqual(2400);
  expect(file!.data.length, `${file!.filename} bytes`).toBeGreaterThan(10_000);
  expect(file!.data.length, `${file!.filename} bytes`).toBeLessThan(1_000_000);
  return png;
}

/** Share of pixels that are not the background, and how many colours are drawn (not blank, not one flat fill). */
export function inked(png: PNG): { share: number; colours: number } {
  let ink = 0;
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
    if (r < 245 || g < 245 || b < 245) ink++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { share: ink / (png.data.length / 4), colours: colours.size };
}

/** Compares a chart with its stored reference within the tolerance; writes the reference when asked. */
export function compareWithReference(name: string, file: Attachment): { differing: number; share: number } {
  const target = path.join(REFERENCE_DIR, name);
  if (process.env.UPDATE_CHART_REFERENCES === '1' || !existsSync(target)) {
    if (process.env.UPDATE_CHART_REFERENCES !== '1') throw new Error(`no reference ${name}: run with UPDATE_CHART_REFERENCES=1 once and look at the pictures`);
    mkdirSync(REFERENCE_DIR, { recursive: true });
    writeFileSync(target, file.data);
  }
  const actual = PNG.sync.read(file.data);
  const expected = PNG.sync.read(readFileSync(target));
  expect([actual.width, actual.height], `${name}: size against the reference`).toEqual([expected.width, expected.height]);
  const differing = pixelmatch(actual.data, expected.data, null, actual.width, actual.height, { threshold: 0.1 });
  const share = differing / (actual.width * actual.height);
  expect(share, `${name}: pixels differing from the reference`).toBeLessThanOrEqual(TOLERANCE);
  return { differing, share };
}
