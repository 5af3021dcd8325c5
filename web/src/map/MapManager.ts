import {
  Map as MapLibreMap,
  Marker,
  NavigationControl,
  Popup,
  ScaleControl,
  setWorkerUrl,
  type ExpressionSpecification,
  type GeoJSONSource,
  type MapLayerMouseEvent,
  type StyleSpecification,
} from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import type { FeatureCollection, MapLayers } from '../api/types.ts';
import { noDataColor, type BuildingMetric, type ColorStop } from './palette.ts';
import './map.css';

// The bundler renames maplibre's chunk, so tell it where its worker was emitted.
setWorkerUrl(workerUrl);

type Properties = Record<string, unknown>;
type GeoJSONData = Parameters<GeoJSONSource['setData']>[0];

interface MapManagerOptions {
  container: HTMLElement;
  /** Optional raster tile URL template drawn under our layers; null draws on a plain background. */
  baseMapUrl: string | null;
  onBuildingClick: (buildingId: number) => void;
  describeBuilding: (properties: Properties) => string;
  describeFacility: (properties: Properties) => string;
}

/** What the map should show; kept here so it can be applied once the style has loaded. */
interface MapState {
  layers: MapLayers | null;
  metric: BuildingMetric;
  stops: ColorStop[];
  kindColors: Record<string, string>;
  visibleKinds: string[] | null;
  selectedBuilding: number | null;
}

const sources = ['areas', 'estates', 'buildings', 'facilities'] as const;
const emptyCollection: FeatureCollection = { type: 'FeatureCollection', features: [] };
const isPolygon: ExpressionSpecification = ['match', ['geometry-type'], ['Polygon', 'MultiPolygon'], true, false];
const isPoint: ExpressionSpecification = ['==', ['geometry-type'], 'Point'];

export function baseStyle(baseMapUrl: string | null): StyleSpecification {
  // No glyphs and no sprite: there are no external fonts, labels are HTML markers instead.
  const style: StyleSpecification = {
    version: 8,
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#f4f6f8' } }],
  };
  if (baseMapUrl) {
    style.sources.base = { type: 'raster', tiles: [baseMapUrl], tileSize: 256 };
    style.layers.push({ id: 'base', type: 'raster', source: 'base' });
  }
  return style;
}

function centreOf(geometry: { coordinates: unknown } | null): [number, number] | null {
  const box = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number') {
      box[0] = Math.min(box[0], value[0]);
      box[1] = Math.min(box[1], value[1] as number);
      box[2] = Math.max(box[2], value[0]);
      box[3] = Math.max(box[3], value[1] as number);
    } else value.forEach(visit);
  };
  visit(geometry?.coordinates);
  return Number.isFinite(box[0]) ? [(box[0] + box[2]) / 2, (box[1] + box[3]) / 2] : null;
}

function kindColorExpression(kindColors: Record<string, string>): ExpressionSpecification | string {
  const fallback = '#8c8c8c';
  const pairs = Object.entries(kindColors).flat();
  // A match takes any number of label/colour pairs, which MapLibre's tuple type cannot express.
  return pairs.length ? (['match', ['get', 'kind'], ...pairs, fallback] as unknown as ExpressionSpecification) : fallback;
}

/**
 * Owns the MapLibre map of the console's home page: sources, layers, labels, hover popups and
 * clicks. React creates one per mount and calls `dispose`; everything else goes through setters.
 */
/** What browser tests may ask the map (see exposeForAutomation). */
export interface MapAutomation {
  settled(): boolean;
  pagePoint(lon: number, lat: number): { x: number; y: number };
}

export class MapManager {
  private readonly map: MapLibreMap;
  private readonly hover = new Popup({ closeButton: false, closeOnClick: false, offset: 8, className: 'linli-map-tip' });
  private labels: Marker[] = [];
  private loaded = false;
  private shown: MapLayers | null = null;
  private fittedBox = '';
  private state: MapState = { layers: null, metric: 'occupancyRate', stops: [], kindColors: {}, visibleKinds: null, selectedBuilding: null };

  constructor(private readonly options: MapManagerOptions) {
    this.map = new MapLibreMap({
      container: options.container,
      style: baseStyle(options.baseMapUrl),
      center: [116.4, 39.9],
      zoom: 13,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
      // Keeps the last frame in the canvas, so that printing (the checkup report) shows the map.
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-right');
    this.map.on('load', () => {
      this.addLayers();
      this.loaded = true;
      this.apply();
    });
    this.map.on('zoomend', () => this.updateLabelDensity());
    if (navigator.webdriver) this.exposeForAutomation();
  }

  /**
   * Browser tests cannot look inside the WebGL canvas. Under automation only (navigator.webdriver),
   * they get where a point is drawn on the page and whether the map has settled, to click a building.
   */
  private exposeForAutomation(): void {
    const hooks: MapAutomation = {
      settled: () => this.loaded && this.shown !== null && !this.map.isMoving() && this.map.areTilesLoaded(),
      pagePoint: (lon, lat) => {
        const point = this.map.project([lon, lat]);
        const box = this.map.getContainer().getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
    };
    (window as unknown as { linliMap?: MapAutomation }).linliMap = hooks;
  }

  setLayers(layers: MapLayers): void {
    this.state.layers = layers;
    this.apply();
  }

  setBuildingColors(metric: BuildingMetric, stops: ColorStop[]): void {
    this.state.metric = metric;
    this.state.stops = stops;
    this.apply();
  }

  setFacilityColors(kindColors: Record<string, string>): void {
    this.state.kindColors = kindColors;
    this.apply();
  }

  /** Shows only facilities of these kinds; null shows all. */
  setVisibleKinds(kinds: string[] | null): void {
    this.state.visibleKinds = kinds;
    this.apply();
  }

  setSelectedBuilding(id: number | null): void {
    this.state.selectedBuilding = id;
    this.apply();
  }

  dispose(): void {
    this.clearLabels();
    this.hover.remove();
    this.map.remove();
  }

  private addLayers(): void {
    for (const name of sources) this.map.addSource(name, { type: 'geojson', data: emptyCollection as GeoJSONData });
    const level = (value: string): ExpressionSpecification => ['==', ['get', 'level'], value];
    this.map.addLayer({ id: 'estates-fill', type: 'fill', source: 'estates', paint: { 'fill-color': '#e6f4ff', 'fill-opacity': 0.6 } });
    this.map.addLayer({ id: 'estates-line', type: 'line', source: 'estates', paint: { 'line-color': '#91caff', 'line-width': 1 } });
    this.map.addLayer({ id: 'buildings-fill', type: 'fill', source: 'buildings', paint: { 'fill-color': noDataColor, 'fill-opacity': 0.9 } });
    this.map.addLayer({ id: 'buildings-line', type: 'line', source: 'buildings', paint: { 'line-color': '#595959', 'line-width': 0.5 } });
    this.map.addLayer({ id: 'buildings-selected', type: 'line', source: 'buildings', paint: { 'line-color': '#f5222d', 'line-width': 3 } });
    this.map.addLayer({
      id: 'grids-line',
      type: 'line',
      source: 'areas',
      filter: level('grid'),
      paint: { 'line-color': '#722ed1', 'line-width': 1.5, 'line-dasharray': [3, 2] },
    });
    this.map.addLayer({
      id: 'communities-line',
      type: 'line',
      source: 'areas',
      filter: ['!', level('grid')],
      paint: { 'line-color': '#1d39c4', 'line-width': 3 },
    });
    this.map.addLayer({ id: 'facilities-area', type: 'fill', source: 'facilities', filter: isPolygon, paint: { 'fill-opacity': 0.35 } });
    this.map.addLayer({
      id: 'facilities-point',
      type: 'circle',
      source: 'facilities',
      filter: isPoint,
      paint: { 'circle-radius': 6, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.5 },
    });
    this.bindPointer('buildings-fill', this.options.describeBuilding);
    this.bindPointer('facilities-point', this.options.describeFacility);
    this.map.on('click', 'buildings-fill', (event) => {
      const id = Number(event.features?.[0]?.properties.id);
      if (id) this.options.onBuildingClick(id);
    });
  }

  private bindPointer(layer: string, describe: (properties: Properties) => string): void {
    this.map.on('mousemove', layer, (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (!feature) return;
      this.map.getCanvas().style.cursor = 'pointer';
      this.hover.setLngLat(event.lngLat).setText(describe(feature.properties)).addTo(this.map);
    });
    this.map.on('mouseleave', layer, () => {
      this.map.getCanvas().style.cursor = '';
      this.hover.remove();
    });
  }

  /** Pushes the whole state to the map; cheap enough to do on every change. */
  private apply(): void {
    if (!this.loaded) return;
    const { layers, metric, stops, kindColors, visibleKinds, selectedBuilding } = this.state;
    if (layers && layers !== this.shown) this.showLayers(layers);
    if (stops.length) {
      const ramp = stops.flatMap(([value, color]) => [value, color]);
      this.map.setPaintProperty('buildings-fill', 'fill-color', [
        'case',
        // A building nobody lives in (a service centre, a shop) has no rate: grey, not "0 %". A walking
        // band is only put on the buildings the checkup counted as homes.
        metric === 'walkBand'
          ? ['==', ['typeof', ['get', metric]], 'number']
          : ['all', ['==', ['typeof', ['get', metric]], 'number'], ['>', ['get', 'households'], 0]],
        ['interpolate', ['linear'], ['get', metric], ...ramp],
        noDataColor,
      ] as ExpressionSpecification);
    }
    const kindColor = kindColorExpression(kindColors);
    this.map.setPaintProperty('facilities-point', 'circle-color', kindColor);
    this.map.setPaintProperty('facilities-area', 'fill-color', kindColor);
    const kindFilter: ExpressionSpecification | null = visibleKinds ? ['in', ['get', 'kind'], ['literal', visibleKinds]] : null;
    this.map.setFilter('facilities-point', kindFilter ? ['all', isPoint, kindFilter] : isPoint);
    this.map.setFilter('facilities-area', kindFilter ? ['all', isPolygon, kindFilter] : isPolygon);
    this.map.setFilter('buildings-selected', ['==', ['get', 'id'], selectedBuilding ?? -1]);
  }

  private showLayers(layers: MapLayers): void {
    for (const name of sources) (this.map.getSource(name) as GeoJSONSource).setData(layers[name] as GeoJSONData);
    this.shown = layers;
    this.clearLabels();
    this.addLabels(layers.areas, 'area');
    this.addLabels(layers.estates, 'estate');
    // Refetched data of the same area keeps the user's view; another area is framed anew.
    if (layers.bbox && layers.bbox.join() !== this.fittedBox) {
      this.fittedBox = layers.bbox.join();
      const [west, south, east, north] = layers.bbox;
      // Room at the top for the toolbar card that floats over the map.
      this.map.fitBounds([west, south, east, north], { padding: { top: 90, bottom: 30, left: 30, right: 60 }, duration: 0, maxZoom: 18 });
    }
    this.updateLabelDensity();
  }

  private addLabels(collection: FeatureCollection, kind: 'area' | 'estate'): void {
    for (const feature of collection.features) {
      const at = centreOf(feature.geometry);
      if (!at) continue;
      const element = document.createElement('div');
      element.className = `linli-map-label linli-map-label-${kind} linli-map-label-${String(feature.properties.level ?? kind)}`;
      element.textContent = String(feature.properties.name ?? '');
      // Area names sit just above the centre and estate names just below: a grid often covers one estate.
      const anchor = kind === 'area' ? 'bottom' : 'top';
      this.labels.push(new Marker({ element, anchor }).setLngLat(at).addTo(this.map));
    }
  }

  private clearLabels(): void {
    for (const marker of this.labels) marker.remove();
    this.labels = [];
  }

  /** Estate names crowd the map when zoomed out: show them from street level on. */
  private updateLabelDensity(): void {
    this.options.container.classList.toggle('linli-map-far', this.map.getZoom() < 15);
  }
}
