/*
 * Charts as PNG, rendered on the server without a browser: a Vega-Lite (or Vega) spec compiled to
 * Vega, drawn as SVG by a headless view, rasterised by resvg with the DejaVu fonts shipped in
 * node_modules. Every library loads on the first chart (dynamic import), so a bot that never draws
 * one keeps its memory; nothing reads the system's fonts, so the same data gives the same pixels.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { THEME } from './theme.ts';

/** A chart as its grammar describes it: most are Vega-Lite, the collaboration map is plain Vega. */
export type ChartSpec = { grammar: 'vega-lite'; spec: Record<string, unknown> } | { grammar: 'vega'; spec: Record<string, unknown> };

interface Renderer {
  svg(spec: ChartSpec): Promise<string>;
  png(svg: string): Buffer;
}

let loading: Promise<Renderer> | undefined;

/** Vega's warnings (a scale's domain merged, a value dropped) go nowhere: a chart either draws or throws. */
const quiet = {
  level(): never {
    return quiet as never;
  },
  error(...args: unknown[]) {
    throw new Error(args.map(String).join(' '));
  },
  warn: () => quiet,
  info: () => quiet,
  debug: () => quiet,
};

/** The fonts resvg draws with, from the dejavu-fonts-ttf package (never the system's). */
function fontFiles(): string[] {
  const dir = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
  return ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(dir, f));
}

async function load(): Promise<Renderer> {
  const [vega, vegaLite, resvg] = await Promise.all([import('vega'), import('vega-lite'), import('@resvg/resvg-js')]);
  const fonts = fontFiles();
  return {
    async svg(input) {
      // Vega writes into the data it is given (ids, a layout's positions): it gets a copy.
      const chart = structuredClone(input);
      const vegaSpec = chart.grammar === 'vega-lite' ? vegaLite.compile({ ...chart.spec, config: THEME } as never, { logger: quiet }).spec : { ...chart.spec, config: { ...THEME, ...(chart.spec.config as object) } };
      // No loader: a spec carries its data inline, so rendering never reaches for a file or the network.
      const view = new vega.View(vega.parse(vegaSpec as never), { renderer: 'none', logLevel: vega.Error, logger: quiet, loader: vega.loader({ mode: 'file', baseURL: '/nonexistent/' }) });
      try {
        return await view.toSVG();
      } finally {
        view.finalize();
      }
    },
    png(svg) {
      const image = new resvg.Resvg(svg, {
        font: { loadSystemFonts: false, fontFiles: fonts, defaultFontFamily: THEME.font, sansSerifFamily: THEME.font },
        background: THEME.background,
        fitTo: { mode: 'original' },
      });
      return image.render().asPng();
    },
  };
}

/** The renderer, loaded on first use and kept: later charts pay only for drawing. */
function renderer(): Promise<Renderer> {
  loading ??= load().catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}

export async function renderSvg(chart: ChartSpec): Promise<string> {
  return (await renderer()).svg(chart);
}

export async function renderPng(chart: ChartSpec): Promise<Buffer> {
  const r = await renderer();
  return r.png(await r.svg(chart));
}
