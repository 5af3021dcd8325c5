import { Map as MapLibreMap, Marker, NavigationControl, type GeoJSONSource } from 'maplibre-gl';
import type { LonLat, ReportArea } from '../../api/tickets.ts';
import { baseStyle, type MapAutomation } from '../../map/MapManager.ts';

interface PinMapOptions {
  container: HTMLElement;
  /** Optional raster tiles under the outlines (config BASE_MAP_URL); none draws on a plain background. */
  baseMapUrl: string | null;
  /** Called when the user taps the map or drags the pin; without it the map only shows the pin. */
  onPick?: (point: LonLat) => void;
}

/** Close enough to tell one building entrance from the next. */
const pinZoom = 17;

/**
 * A map to put one pin on: the caller's community (or grid) outlined, the pin where they tap or
 * drag it. React creates one per mount and calls `dispose`; everything else goes through setters.
 */
export class PinMapManager {
  private readonly map: MapLibreMap;
  private readonly pin: Marker;
  private pinShown = false;
  private loaded = false;
  private areas: ReportArea[] = [];
  /** Once the map has been put on a point, new outlines no longer move it. */
  private centred = false;
  /** Whether the map shows its place yet (a point, or the outlines), not the default view. */
  private framed = false;

  constructor(private readonly options: PinMapOptions) {
    this.map = new MapLibreMap({
      container: options.container,
      style: baseStyle(options.baseMapUrl),
      center: [116.4, 39.9],
      zoom: 14,
      attributionControl: { compact: true },
      dragRotate: false,
      pitchWithRotate: false,
      touchPitch: false,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.pin = new Marker({ color: '#f5222d', draggable: options.onPick !== undefined });
    this.pin.on('dragend', () => this.pick(this.pin.getLngLat()));
    this.map.on('load', () => {
      this.map.addSource('areas', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      this.map.addLayer({ id: 'areas-fill', type: 'fill', source: 'areas', paint: { 'fill-color': '#1677ff', 'fill-opacity': 0.06 } });
      // The buildings are what a resident recognises the spot by where no base map is configured.
      this.map.addSource('buildings', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      this.map.addLayer({ id: 'buildings-fill', type: 'fill', source: 'buildings', paint: { 'fill-color': '#d9d9d9', 'fill-opacity': 0.8 } });
      this.map.addLayer({ id: 'buildings-line', type: 'line', source: 'buildings', paint: { 'line-color': '#8c8c8c', 'line-width': 0.5 } });
      this.map.addLayer({ id: 'areas-line', type: 'line', source: 'areas', paint: { 'line-color': '#1d39c4', 'line-width': 2 } });
      this.loaded = true;
      this.showAreas();
    });
    if (options.onPick) this.map.on('click', (event) => this.pick(event.lngLat));
    if (navigator.webdriver) this.exposeForAutomation();
  }

  /**
   * Browser tests cannot look inside the WebGL canvas. Under automation only (navigator.webdriver) they
   * get where a point is drawn on the page, to tap it like a user, and whether the map has settled.
   */
  private exposeForAutomation(): void {
    const hooks: MapAutomation = {
      settled: () => this.loaded && this.framed && !this.map.isMoving() && this.map.areTilesLoaded(),
      pagePoint: (lon, lat) => {
        const point = this.map.project([lon, lat]);
        const box = this.map.getContainer().getBoundingClientRect();
        return { x: box.left + point.x, y: box.top + point.y };
      },
    };
    (window as unknown as { linliMap?: MapAutomation }).linliMap = hooks;
  }

  private pick(at: { lng: number; lat: number }): void {
    this.options.onPick?.({ lon: at.lng, lat: at.lat });
  }

  /** The outlines to draw; the first time, and unless the map was put on a point, it frames them. */
  setAreas(areas: ReportArea[]): void {
    this.areas = areas;
    this.showAreas();
  }

  setPin(point: LonLat | null): void {
    if (point) this.pin.setLngLat([point.lon, point.lat]);
    if (point && !this.pinShown) this.pin.addTo(this.map);
    if (!point && this.pinShown) this.pin.remove();
    this.pinShown = point !== null;
  }

  /** Puts the map on a point (the phone's position, a task's place), close enough to tell buildings apart. */
  centreOn(point: LonLat): void {
    this.centred = true;
    this.framed = true;
    this.map.jumpTo({ center: [point.lon, point.lat], zoom: pinZoom });
  }

  dispose(): void {
    this.pin.remove();
    this.map.remove();
  }

  private showAreas(): void {
    if (!this.loaded) return;
    const features = this.areas
      .filter((area) => area.boundary !== null)
      .map((area) => ({ type: 'Feature' as const, properties: { name: area.name }, geometry: area.boundary! }));
    const buildings = this.areas.flatMap((area) => area.buildings)
      .map((building) => ({ type: 'Feature' as const, properties: { name: building.name }, geometry: building.footprint }));
    // The shapes are GeoJSON validated on import; MapLibre's geometry type is narrower than the API's.
    (this.map.getSource('areas') as GeoJSONSource).setData({ type: 'FeatureCollection', features } as Parameters<GeoJSONSource['setData']>[0]);
    (this.map.getSource('buildings') as GeoJSONSource).setData({ type: 'FeatureCollection', features: buildings } as Parameters<GeoJSONSource['setData']>[0]);
    const boxes = this.areas.flatMap((area) => (area.bbox ? [area.bbox] : []));
    if (this.centred || !boxes.length) return;
    const west = Math.min(...boxes.map((b) => b[0]));
    const south = Math.min(...boxes.map((b) => b[1]));
    const east = Math.max(...boxes.map((b) => b[2]));
    const north = Math.max(...boxes.map((b) => b[3]));
    this.map.fitBounds([west, south, east, north], { padding: 24, duration: 0, maxZoom: pinZoom });
    this.framed = true;
  }
}
