import { LngLatBounds, Map as MapLibreMap, NavigationControl, Popup, type ExpressionSpecification, type GeoJSONSource, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, MapLayers } from '../api/types.ts';
import { baseStyle } from './MapManager.ts';

export type GeoJSONData = Parameters<GeoJSONSource['setData']>[0];
export const emptyCollection: FeatureCollection = { type: 'FeatureCollection', features: [] };

/** What every area-and-points map tells browser tests, found on its container element (several maps may be on a page). */
export interface MapAutomation {
  settled(): boolean;
}

/**
 * One MapLibre map of community and grid outlines with a domain's points over them (tickets, devices):
 * React creates one per mount and calls `dispose`; state goes through setters and is pushed to the map
 * once its style has loaded. Subclasses add their layers (`addLayers`), push their state (`draw`), and
 * say which points to frame when no area is shown.
 */
export abstract class AreaPointsMap {
  protected readonly map: MapLibreMap;
  protected readonly hover = new Popup({ closeButton: false, closeOnClick: false, offset: 8, className: 'linli-map-tip' });
  private loaded = false;
  private areas: FeatureCollection = emptyCollection;
  private frame: MapLayers['bbox'] = null;
  private framed = '';

  constructor(private readonly container: HTMLElement, baseMapUrl: string | null) {
    this.map = new MapLibreMap({
      container,
      style: baseStyle(baseMapUrl),
      center: [121.5, 29.8],
      zoom: 13,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.on('load', () => {
      this.addAreaLayers();
      this.addLayers();
      this.loaded = true;
      this.apply();
    });
  }

  /** Community and grid outlines; the view is framed on `bbox` the first time each area is shown. */
  setAreas(areas: FeatureCollection, bbox: MapLayers['bbox']): void {
    this.areas = areas;
    this.frame = bbox;
    this.apply();
  }

  dispose(): void {
    this.hover.remove();
    this.map.remove();
  }

  /** The subclass's sources, layers and handlers, added once the style has loaded. */
  protected abstract addLayers(): void;
  /** Pushes the subclass's state to its sources and markers. */
  protected abstract draw(): void;
  /** What to frame when no area is shown (the points themselves). */
  protected abstract unframedPoints(): [number, number][];
  /** What must stay in view whatever else is framed (a pin). */
  protected pinnedPoints(): [number, number][] {
    return [];
  }

  /**
   * Browser tests cannot look inside the WebGL canvas: under automation the map answers what is drawn,
   * as `settled()` plus the subclass's `hooks`.
   */
  protected exposeForAutomation<T extends object>(hooks: T): void {
    if (!navigator.webdriver) return;
    const settled = () => this.loaded && !this.map.isMoving() && this.map.areTilesLoaded();
    (this.container as HTMLElement & { linliMap?: MapAutomation & T }).linliMap = { settled, ...hooks };
  }

  /** A hover text over the layer's features; a pointer cursor where `clickable` says a click does something. */
  protected bindHover(layer: string, describe: (properties: Record<string, unknown>) => string, clickable: boolean): void {
    this.map.on('mousemove', layer, (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (!feature) return;
      if (clickable) this.map.getCanvas().style.cursor = 'pointer';
      this.hover.setLngLat(event.lngLat).setText(describe(feature.properties)).addTo(this.map);
    });
    this.map.on('mouseleave', layer, () => {
      this.map.getCanvas().style.cursor = '';
      this.hover.remove();
    });
  }

  /** Pushes the whole state to the map; cheap enough to do on every change. */
  protected apply(): void {
    if (!this.loaded) return;
    (this.map.getSource('areas') as GeoJSONSource).setData(this.areas as GeoJSONData);
    this.draw();
    this.reframe();
  }

  private addAreaLayers(): void {
    this.map.addSource('areas', { type: 'geojson', data: emptyCollection as GeoJSONData });
    const isGrid: ExpressionSpecification = ['==', ['get', 'level'], 'grid'];
    this.map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', filter: isGrid, paint: { 'fill-color': '#722ed1', 'fill-opacity': 0.03 } });
    this.map.addLayer({ id: 'grids-line', type: 'line', source: 'areas', filter: isGrid, paint: { 'line-color': '#722ed1', 'line-width': 1.5, 'line-dasharray': [3, 2] } });
    this.map.addLayer({ id: 'communities-line', type: 'line', source: 'areas', filter: ['!', isGrid], paint: { 'line-color': '#1d39c4', 'line-width': 3 } });
  }

  /**
   * A new area is framed whole (by its bbox, or by its parts' outlines when it has no boundary of its
   * own, like a district); without areas, the points are. The user's own panning is kept otherwise.
   */
  private reframe(): void {
    const bounds = this.frameBounds();
    const key = bounds?.toArray().join() ?? '';
    if (!bounds || key === this.framed) return;
    this.framed = key;
    if (bounds.getNorth() === bounds.getSouth() && bounds.getEast() === bounds.getWest()) this.map.jumpTo({ center: bounds.getCenter(), zoom: 16 });
    else this.map.fitBounds(bounds, { padding: 24, duration: 0, maxZoom: 17 });
  }

  private frameBounds(): LngLatBounds | null {
    const bounds = this.frame ? new LngLatBounds([this.frame[0], this.frame[1]], [this.frame[2], this.frame[3]]) : new LngLatBounds();
    const visit = (value: unknown): void => {
      if (!Array.isArray(value)) return;
      if (typeof value[0] === 'number') bounds.extend([value[0], value[1] as number]);
      else value.forEach(visit);
    };
    if (!this.frame) for (const feature of this.areas.features) visit(feature.geometry?.coordinates);
    if (bounds.isEmpty()) for (const point of this.unframedPoints()) bounds.extend(point);
    for (const point of this.pinnedPoints()) bounds.extend(point);
    return bounds.isEmpty() ? null : bounds;
  }
}
