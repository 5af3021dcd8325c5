import { LngLatBounds, Map as MapLibreMap, Marker, NavigationControl, Popup, type ExpressionSpecification, type GeoJSONSource, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, MapLayers } from '../api/types.ts';
import { baseStyle } from './MapManager.ts';

type GeoJSONData = Parameters<GeoJSONSource['setData']>[0];

/** A ticket drawn on the map: its colour says the status, a red ring says a deadline was missed. */
export interface TicketPoint {
  id: number;
  lon: number;
  lat: number;
  color: string;
  breached: boolean;
  /** The hover text. */
  label: string;
}

interface TicketMapOptions {
  container: HTMLElement;
  baseMapUrl: string | null;
  onTicketClick?: (id: number) => void;
  /** When given, a click on the map (not on a ticket) picks that point. */
  onPick?: (lon: number, lat: number) => void;
}

/** What browser tests may ask a ticket map, found on its container element (several maps may be on a page). */
export interface TicketMapAutomation {
  settled(): boolean;
  pagePoint(lon: number, lat: number): { x: number; y: number };
  /** The tickets drawn in the current view. */
  ticketIds(): number[];
}

const emptyCollection: FeatureCollection = { type: 'FeatureCollection', features: [] };
const breachRed = '#f5222d';

function pointCollection(points: TicketPoint[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: points.map((p) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { id: p.id, color: p.color, breached: p.breached, label: p.label },
    })),
  } as FeatureCollection;
}

/**
 * Owns one MapLibre map of tickets: area outlines for orientation, the tickets as coloured points, and
 * a pin (the ticket opened, or the point picked for a new one). React creates one per mount and calls
 * `dispose`; everything else goes through setters, applied once the style has loaded.
 */
export class TicketMapManager {
  private readonly map: MapLibreMap;
  private readonly hover = new Popup({ closeButton: false, closeOnClick: false, offset: 8, className: 'linli-map-tip' });
  private readonly pin = new Marker({ color: breachRed });
  private loaded = false;
  private areas: FeatureCollection = emptyCollection;
  private tickets: TicketPoint[] = [];
  private pinAt: [number, number] | null = null;
  private frame: MapLayers['bbox'] = null;
  private framed = '';

  constructor(private readonly options: TicketMapOptions) {
    this.map = new MapLibreMap({
      container: options.container,
      style: baseStyle(options.baseMapUrl),
      center: [121.5, 29.8],
      zoom: 13,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
    });
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.on('load', () => {
      this.addLayers();
      this.loaded = true;
      this.apply();
    });
    if (navigator.webdriver) this.exposeForAutomation();
  }

  /** Browser tests cannot look inside the WebGL canvas: under automation they may ask where things are drawn. */
  private exposeForAutomation(): void {
    const hooks: TicketMapAutomation = {
      settled: () => this.loaded && !this.map.isMoving() && this.map.areTilesLoaded(),
      pagePoint: (lon, lat) => {
        const point = this.map.project([lon, lat]);
        const box = this.map.getContainer().getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      ticketIds: () => this.map.queryRenderedFeatures({ layers: ['tickets'] }).map((f) => Number(f.properties.id)),
    };
    (this.options.container as HTMLElement & { linliMap?: TicketMapAutomation }).linliMap = hooks;
  }

  /** Community and grid outlines; the view is framed on `bbox` the first time each area is shown. */
  setAreas(areas: FeatureCollection, bbox: MapLayers['bbox']): void {
    this.areas = areas;
    this.frame = bbox;
    this.apply();
  }

  setTickets(tickets: TicketPoint[]): void {
    this.tickets = tickets;
    this.apply();
  }

  setPin(at: { lon: number; lat: number } | null): void {
    this.pinAt = at ? [at.lon, at.lat] : null;
    this.apply();
  }

  dispose(): void {
    this.hover.remove();
    this.pin.remove();
    this.map.remove();
  }

  private addLayers(): void {
    this.map.addSource('areas', { type: 'geojson', data: emptyCollection as GeoJSONData });
    this.map.addSource('tickets', { type: 'geojson', data: emptyCollection as GeoJSONData });
    const isGrid: ExpressionSpecification = ['==', ['get', 'level'], 'grid'];
    this.map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', filter: isGrid, paint: { 'fill-color': '#722ed1', 'fill-opacity': 0.03 } });
    this.map.addLayer({ id: 'grids-line', type: 'line', source: 'areas', filter: isGrid, paint: { 'line-color': '#722ed1', 'line-width': 1.5, 'line-dasharray': [3, 2] } });
    this.map.addLayer({ id: 'communities-line', type: 'line', source: 'areas', filter: ['!', isGrid], paint: { 'line-color': '#1d39c4', 'line-width': 3 } });
    this.map.addLayer({
      id: 'tickets',
      type: 'circle',
      source: 'tickets',
      paint: {
        'circle-radius': 7,
        'circle-color': ['get', 'color'],
        'circle-stroke-color': ['case', ['get', 'breached'], breachRed, '#ffffff'],
        'circle-stroke-width': ['case', ['get', 'breached'], 3.5, 1.5],
      },
    });
    this.bindHover('areas-fill', (p) => String(p.name ?? ''));
    this.bindHover('tickets', (p) => String(p.label ?? ''));
    this.map.on('click', (event) => {
      const ticket = this.map.queryRenderedFeatures(event.point, { layers: ['tickets'] })[0];
      if (ticket) this.options.onTicketClick?.(Number(ticket.properties.id));
      else this.options.onPick?.(event.lngLat.lng, event.lngLat.lat);
    });
  }

  private bindHover(layer: string, describe: (properties: Record<string, unknown>) => string): void {
    this.map.on('mousemove', layer, (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (!feature) return;
      if (layer === 'tickets' || this.options.onPick) this.map.getCanvas().style.cursor = 'pointer';
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
    (this.map.getSource('areas') as GeoJSONSource).setData(this.areas as GeoJSONData);
    (this.map.getSource('tickets') as GeoJSONSource).setData(pointCollection(this.tickets) as GeoJSONData);
    if (this.pinAt) this.pin.setLngLat(this.pinAt).addTo(this.map);
    else this.pin.remove();
    this.reframe();
  }

  /**
   * A new area is framed whole (by its bbox, or by its parts' outlines when it has no boundary of its
   * own, like a district); without areas, the tickets or the pin are. The user's own panning is kept otherwise.
   */
  private reframe(): void {
    const bounds = this.frameBounds();
    const key = bounds?.toArray().join() ?? '';
    if (!bounds || key === this.framed) return;
    this.framed = key;
    if (bounds.getNorth() === bounds.getSouth() && bounds.getEast() === bounds.getWest()) this.map.jumpTo({ center: bounds.getCenter(), zoom: 16 });
    else this.map.fitBounds(bounds, { padding: 24, duration: 0, maxZoom: 17 });
  }

  /** The area with the pin (a ticket moved to another grid may lie outside it); without areas, the tickets. */
  private frameBounds(): LngLatBounds | null {
    const bounds = this.frame ? new LngLatBounds([this.frame[0], this.frame[1]], [this.frame[2], this.frame[3]]) : new LngLatBounds();
    const visit = (value: unknown): void => {
      if (!Array.isArray(value)) return;
      if (typeof value[0] === 'number') bounds.extend([value[0], value[1] as number]);
      else value.forEach(visit);
    };
    if (!this.frame) for (const feature of this.areas.features) visit(feature.geometry?.coordinates);
    if (bounds.isEmpty()) for (const t of this.tickets) bounds.extend([t.lon, t.lat]);
    if (this.pinAt) bounds.extend(this.pinAt);
    return bounds.isEmpty() ? null : bounds;
  }
}
