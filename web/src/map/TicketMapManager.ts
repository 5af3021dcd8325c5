import { Marker, type GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection } from '../api/types.ts';
import { AreaPointsMap, emptyCollection, type GeoJSONData, type MapAutomation } from './AreaPointsMap.ts';

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
export interface TicketMapAutomation extends MapAutomation {
  pagePoint(lon: number, lat: number): { x: number; y: number };
  /** The tickets drawn in the current view. */
  ticketIds(): number[];
}

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
 * a pin (the ticket opened, or the point picked for a new one).
 */
export class TicketMapManager extends AreaPointsMap {
  private readonly pin = new Marker({ color: breachRed });
  private tickets: TicketPoint[] = [];
  private pinAt: [number, number] | null = null;

  constructor(private readonly options: TicketMapOptions) {
    super(options.container, options.baseMapUrl);
    this.exposeForAutomation<Omit<TicketMapAutomation, 'settled'>>({
      pagePoint: (lon, lat) => {
        const point = this.map.project([lon, lat]);
        const box = this.map.getContainer().getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
      ticketIds: () => this.map.queryRenderedFeatures({ layers: ['tickets'] }).map((f) => Number(f.properties.id)),
    });
  }

  setTickets(tickets: TicketPoint[]): void {
    this.tickets = tickets;
    this.apply();
  }

  setPin(at: { lon: number; lat: number } | null): void {
    this.pinAt = at ? [at.lon, at.lat] : null;
    this.apply();
  }

  override dispose(): void {
    this.pin.remove();
    super.dispose();
  }

  protected addLayers(): void {
    this.map.addSource('tickets', { type: 'geojson', data: emptyCollection as GeoJSONData });
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
    this.bindHover('areas-fill', (p) => String(p.name ?? ''), this.options.onPick !== undefined);
    this.bindHover('tickets', (p) => String(p.label ?? ''), true);
    this.map.on('click', (event) => {
      const ticket = this.map.queryRenderedFeatures(event.point, { layers: ['tickets'] })[0];
      if (ticket) this.options.onTicketClick?.(Number(ticket.properties.id));
      else this.options.onPick?.(event.lngLat.lng, event.lngLat.lat);
    });
  }

  protected draw(): void {
    (this.map.getSource('tickets') as GeoJSONSource).setData(pointCollection(this.tickets) as GeoJSONData);
    if (this.pinAt) this.pin.setLngLat(this.pinAt).addTo(this.map);
    else this.pin.remove();
  }

  protected unframedPoints(): [number, number][] {
    return this.tickets.map((t) => [t.lon, t.lat]);
  }

  /** The pin stays in view: a ticket moved to another grid may lie outside the area shown. */
  protected override pinnedPoints(): [number, number][] {
    return this.pinAt ? [this.pinAt] : [];
  }
}
