import { fileURLToPath } from "node:url";
import { Resvg, type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { type Font, openSync } from "fontkit";

/**
 * Rasterising the pictures, and the one font they are drawn and measured with. The font ships
 * in assets/fonts (DejaVu Sans, from the dejavu-fonts-ttf package; licence beside it) and system
 * fonts are never loaded, so a PNG comes out the same on every machine, and the widths the
 * layouts reserve for text are the widths the renderer draws.
 */

export const FONT_FAMILY = "DejaVu Sans";

const FONT_DIR = fileURLToPath(new URL("../../assets/fonts/", import.meta.url));
export const FONT_FILES = {
  regular: `${FONT_DIR}DejaVuSans.ttf`,
  bold: `${FONT_DIR}DejaVuSans-Bold.ttf`,
};

const fonts = new Map<string, Font>();

function font(bold: boolean): Font {
  const file = bold ? FONT_FILES.bold : FONT_FILES.regular;
  let loaded = fonts.get(file);
  if (!loaded) {
    const opened = openSync(file);
    if (!("layout" in opened)) throw new Error(`${file} is a font collection, not a single font`);
    loaded = opened;
    fonts.set(file, loaded);
  }
  return loaded;
}

/** The advance width of `text` in px at `size`, shaped as the renderer shapes it (kerning included). */
export function textWidth(text: string, size: number, bold = false): number {
  const f = font(bold);
  return (f.layout(text).advanceWidth / f.unitsPerEm) * size;
}

function renderOptions(scale: number): ResvgRenderOptions {
  return {
    font: {
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      loadSystemFonts: false,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale },
  };
}

/** A PNG of `svg` at its own width and height times `scale`. */
export function svgToPng(svg: string, opts: { scale?: number } = {}): Buffer {
  return new Resvg(svg, renderOptions(opts.scale ?? 1)).render().asPng();
}

/**
 * The same PNG, rasterised on libuv's thread pool: the bot keeps answering other interactions
 * meanwhile, and the reply helper's deferral timer can fire if rasterising is ever slow.
 */
export async function svgToPngAsync(svg: string, opts: { scale?: number } = {}): Promise<Buffer> {
  return (await renderAsync(svg, renderOptions(opts.scale ?? 1))).asPng();
}
