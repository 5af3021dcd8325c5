import { LngLatBounds, Map as MapLibreMap, Marker, NavigationControl, Popup, type ExpressionSpecification, type GeoJSONSource, type MapLayerMouseEvent } from 'maplibre-gl';
import type { FeatureCollection, MapLayers } from '../api/types.ts';
import { baseStyle } from './MapManager.ts';

type GeoJSONData = Parameters<GeoJSONSource['setData']>[0];

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
export interface DeviceMapAutomation {
  settled(): boolean;
  /** The devices drawn in the current view. */
  deviceIds(): string[];
}

const emptyCollection: FeatureCollection = { type: 'FeatureCollection', features: [] };

function dotCollection(dots: DeviceDot[]): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: dots.map((d) => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [d.lon, d.lat] }, properties: { id: d.id, color: d.color, label: d.label } })),
  } as FeatureCollection;
}

/**
 * Owns one MapLibre map of devices and their alarms: area outlines, every device as a dot, and each
 * active alarm as a pulsing marker (an HTML element, so the pulse is a CSS animation the browser runs
 * without redrawing the map). React creates one per mount and calls `dispose`; the rest goes through setters.
 */
export class DeviceMapManager {
  private readonly map: MapLibreMap;
  private readonly hover = new Popup({ closeButton: false, closeOnClick: false, offset: 8, className: 'linli-map-tip' });
  private loaded = false;
  private areas: FeatureCollection = emptyCollection;
  private frame: MapLayers['bbox'] = null;
  private framed = '';
  private devices: DeviceDot[] = [];
  private spots = new Map<number, { marker: Marker; spot: AlarmSpot }>();

  constructor(private readonly options: DeviceMapOptions) {
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

  /** Browser tests cannot look inside the WebGL canvas: under automation they may ask what is drawn. */
  private exposeForAutomation(): void {
    const hooks: DeviceMapAutomation = {
      settled: () => this.loaded && !this.map.isMoving() && this.map.areTilesLoaded(),
      deviceIds: () => this.map.queryRenderedFeatures({ layers: ['devices'] }).map((f) => String(f.properties.id)),
    };
    (this.options.container as HTMLElement & { linliMap?: DeviceMapAutomation }).linliMap = hooks;
  }

  /** Community and grid outlines; the view is framed on `bbox` the first time each area is shown. */
  setAreas(areas: FeatureCollection, bbox: MapLayers['bbox']): void {
    this.areas = areas;
    this.frame = bbox;
    this.apply();
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

  dispose(): void {
    for (const { marker } of this.spots.values()) marker.remove();
    this.hover.remove();
    this.map.remove();
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

  private addLayers(): void {
    this.map.addSource('areas', { type: 'geojson', data: emptyCollection as GeoJSONData });
    this.map.addSource('devices', { type: 'geojson', data: emptyCollection as GeoJSONData });
    const isGrid: ExpressionSpecification = ['==', ['get', 'level'], 'grid'];
    this.map.addLayer({ id: 'grids-line', type: 'line', source: 'areas', filter: isGrid, paint: { 'line-color': '#722ed1', 'line-width': 1.5, 'line-dasharray': [3, 2] } });
    this.map.addLayer({ id: 'communities-line', type: 'line', source: 'areas', filter: ['!', isGrid], paint: { 'line-color': '#1d39c4', 'line-width': 3 } });
    this.map.addLayer({
      id: 'devices',
      type: 'circle',
      source: 'devices',
      paint: { 'circle-radius': 4, 'circle-color': ['get', 'color'], 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1 },
    });
    this.map.on('mousemove', 'devices', (event: MapLayerMouseEvent) => {
      const feature = event.features?.[0];
      if (feature) this.hover.setLngLat(event.lngLat).setText(String(feature.properties.label ?? '')).addTo(this.map);
    });
    this.map.on('mouseleave', 'devices', () => this.hover.remove());
  }

  /** Pushes the state to the map; cheap enough to do on every change. */
  private apply(): void {
    if (!this.loaded) return;
    (this.map.getSource('areas') as GeoJSONSource).setData(this.areas as GeoJSONData);
    (this.map.getSource('devices') as GeoJSONSource).setData(dotCollection(this.devices) as GeoJSONData);
    this.reframe();
  }

  /** A new area is framed whole; without one, the devices and alarms are. The user's own panning is kept otherwise. */
  private reframe(): void {
    const bounds = this.frame ? new LngLatBounds([this.frame[0], this.frame[1]], [this.frame[2], this.frame[3]]) : new LngLatBounds();
    if (bounds.isEmpty()) {
      for (const d of this.devices) bounds.extend([d.lon, d.lat]);
      for (const { spot } of this.spots.values()) bounds.extend([spot.lon, spot.lat]);
    }
    const key = bounds.isEmpty() ? '' : bounds.toArray().join();
    if (!key || key === this.framed) return;
    this.framed = key;
    if (bounds.getNorth() === bounds.getSouth() && bounds.getEast() === bounds.getWest()) this.map.jumpTo({ center: bounds.getCenter(), zoom: 16 });
    else this.map.fitBounds(bounds, { padding: 24, duration: 0, maxZoom: 17 });
  }
}
