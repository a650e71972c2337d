/**
 * PLACEHOLDER until R2's charts module is merged (R2 writes the real one: the trend and the commune map drawn from
 * shared/charts, PNG on the server). It returns a 1×1 transparent PNG so the docx renderer can place an image.
 */
import type { ChartSpec } from './model.ts';

const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

export async function renderChartPng(_spec: ChartSpec, _opts: { width?: number } = {}): Promise<Buffer> {
  return ONE_PIXEL_PNG;
}
