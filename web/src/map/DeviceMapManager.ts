import { Marker, type GeoJSONSource } from 'maplibre-gl';
import type { FeatureCollection } from '../api/types.ts';
import { AreaPointsMap, emptyCollection, type GeoJSONData, type MapAutomation } from './AreaPointsMap.ts';

/** A device as a small dot; its colour says whether it is heard from. */
export interface DeviceDot {
  id: string;
  lon: number;
  lat: number;
  color: string;
  /** The hover text. */
  label: string;
}

/** An active alarm, drawn as a pulsing red spot above its device or household. */
export interface AlarmSpot {
  id: number;
  lon: number;
  lat: number;
  /** The severity's colour, at the spot's centre. */
  color: string;
  label: string;
}

interface DeviceMapOptions {
  container: HTMLElement;
  baseMapUrl: string | null;
  onAlarmClick: (id: number) => void;
}

/** What browser tests may ask a device map, found on its container element. */
export interface DeviceMapAutomation extends MapAutomation {
  /** The devices drawn in the current view. */
  deviceIds(): string[];
}

function dotCollection(dots: DeviceDot[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: dots.map((d) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [d.lon, d.lat] }, properties: { id: d.id, color: d.color, label: d.label } })),
  } as FeatureCollection;
}

/**
 * Owns one MapLibre map of devices and their alarms: area outlines, every device as a dot, and each
 * active alarm as a pulsing marker (an HTML element, so the pulse is a CSS animation the browser runs
 * without redrawing the map).
 */
export class DeviceMapManager extends AreaPointsMap {
  private devices: DeviceDot[] = [];
  private spots = new Map<number, { marker: Marker; spot: AlarmSpot }>();

  constructor(private readonly options: DeviceMapOptions) {
    super(options.container, options.baseMapUrl);
    this.exposeForAutomation<Omit<DeviceMapAutomation, 'settled'>>({
      deviceIds: () => this.map.queryRenderedFeatures({ layers: ['devices'] }).map((f) => String(f.properties.id)),
    });
  }

  setDevices(devices: DeviceDot[]): void {
    this.devices = devices;
    this.apply();
  }

  /** Keeps one marker per alarm: a marker that stays keeps its element, so its pulse does not restart every poll. */
  setAlarms(alarms: AlarmSpot[]): void {
    const wanted = new Map(alarms.map((spot) => [spot.id, spot]));
    for (const [id, { marker }] of this.spots) {
      if (!wanted.has(id)) {
        marker.remove();
        this.spots.delete(id);
      }
    }
    for (const spot of alarms) {
      const shown = this.spots.get(spot.id);
      if (shown) {
        shown.marker.setLngLat([spot.lon, spot.lat]);
        this.dress(shown.marker.getElement(), spot);
        shown.spot = spot;
      } else this.spots.set(spot.id, { marker: this.addSpot(spot), spot });
    }
    this.apply();
  }

  override dispose(): void {
    for (const { marker } of this.spots.values()) marker.remove();
    super.dispose();
  }

  private addSpot(spot: AlarmSpot): Marker {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = 'linli-alarm-spot';
    element.addEventListener('click', (event) => {
      event.stopPropagation();
      this.options.onAlarmClick(Number(element.dataset.alarmId));
    });
    this.dress(element, spot);
    return new Marker({ element }).setLngLat([spot.lon, spot.lat]).addTo(this.map);
  }

  private dress(element: HTMLElement, spot: AlarmSpot): void {
    element.dataset.alarmId = String(spot.id);
    element.dataset.testid = `alarm-spot-${spot.id}`;
    element.title = spot.label;
    element.setAttribute('aria-label', spot.label);
    element.style.setProperty('--linli-spot-color', spot.color);
  }

  protected addLayers(): void {
    this.map.addSource('devices', { type: 'geojson', data: emptyCollection as GeoJSONData });
    this.map.addLayer({
      id: 'devices',
      type: 'circle',
      source: 'devices',
      paint: { 'circle-radius': 4, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
    });
    this.bindHover('devices', (p) => String(p.label ?? ''), false);
  }

  protected draw(): void {
    (this.map.getSource('devices') as GeoJSONSource).setData(dotCollection(this.devices) as GeoJSONData);
  }

  protected unframedPoints(): [number, number][] {
    return [...this.devices.map((d): [number, number] => [d.lon, d.lat]), ...[...this.spots.values()].map(({ spot }): [number, number] => [spot.lon, spot.lat])];
  }
}
