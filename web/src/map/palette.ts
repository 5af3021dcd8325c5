import type { FeatureCollection } from '../api/types.ts';

/**
 * What colours the buildings: occupancy and care-tag density are shares between 0 and 1 in the map
 * API's building properties; walkBand is a band of walking distance the checkup report puts in.
 */
export type BuildingMetric = 'occupancyRate' | 'careTagDensity' | 'walkBand';
/** The metrics the map page offers. */
export const buildingMetrics: BuildingMetric[] = ['occupancyRate', 'careTagDensity'];

/** One colour per value; the map interpolates between stops and the legend draws the same stops. */
export type ColorStop = [value: number, color: string];

const ramps: Record<BuildingMetric, string[]> = {
  occupancyRate: ['#f0f9e8', '#bae4bc', '#7bccc4', '#43a2ca', '#0868ac'],
  careTagDensity: ['#fff5eb', '#fdd0a2', '#fd8d3c', '#e6550d', '#a63603'],
  walkBand: ['#1a9850', '#a6d96a', '#fdae61', '#d73027'],
};

/** Upper limits of the walking bands: the 5-, 10- and 15-minute life circles (GB 50180-2018). */
export const walkBandLimits = [300, 500, 1000] as const;

/** The band of a walking distance: 0 (≤300 m) to 3 (farther, or no such facility in reach). */
export function walkBand(distanceM: number | null): number {
  if (distanceM === null) return walkBandLimits.length;
  const band = walkBandLimits.findIndex((limit) => distanceM <= limit);
  return band === -1 ? walkBandLimits.length : band;
}

/** One stop per band: bands are whole numbers, so each building takes exactly its band's colour. */
export const walkBandStops: ColorStop[] = ramps.walkBand.map((color, band) => [band, color]);

/**
 * Colour stops over the range the inhabited buildings actually span (to the nearest 5 %), so that
 * a community where every building is 80–100 % occupied still shows contrast.
 */
export function metricStops(metric: BuildingMetric, buildings: FeatureCollection | undefined): ColorStop[] {
  if (metric === 'walkBand') return walkBandStops;
  const values = (buildings?.features ?? [])
    .filter((feature) => Number(feature.properties.households) > 0)
    .map((feature) => Number(feature.properties[metric]))
    .filter(Number.isFinite);
  const low = values.length ? Math.floor(Math.min(...values) * 20) / 20 : 0;
  const high = values.length ? Math.max(low + 0.05, Math.ceil(Math.max(...values) * 20) / 20) : 1;
  const ramp = ramps[metric];
  return ramp.map((color, index) => [low + ((high - low) * index) / (ramp.length - 1), color]);
}

export const noDataColor = '#d9d9d9';

const kindColors = [
  '#1677ff',
  '#52c41a',
  '#fa8c16',
  '#eb2f96',
  '#722ed1',
  '#13c2c2',
  '#f5222d',
  '#a0d911',
  '#2f54eb',
  '#faad14',
  '#8c8c8c',
  '#597ef7',
];

/** A stable colour per facility kind, in the order the server lists the kinds. */
export function facilityKindColors(kinds: string[]): Record<string, string> {
  return Object.fromEntries(kinds.map((kind, index) => [kind, kindColors[index % kindColors.length]]));
}
