import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { MapLayers } from '../../api/types.ts';
import { MapManager } from '../../map/MapManager.ts';
import type { BuildingMetric, ColorStop } from '../../map/palette.ts';

interface MapCanvasProps {
  baseMapUrl: string | null;
  layers: MapLayers | undefined;
  metric: BuildingMetric;
  stops: ColorStop[];
  kindColors: Record<string, string>;
  visibleKinds: string[] | null;
  selectedBuilding: number | undefined;
  onBuildingClick: (id: number) => void;
  describeBuilding: (properties: Record<string, unknown>) => string;
  describeFacility: (properties: Record<string, unknown>) => string;
}

/** Hosts the MapManager: created and disposed in one effect, fed by the others. */
export function MapCanvas(props: MapCanvasProps) {
  const container = useRef<HTMLDivElement>(null);
  const [manager, setManager] = useState<MapManager>();
  // The manager lives longer than one render; it calls the latest callbacks through this ref.
  const latest = useRef(props);
  useLayoutEffect(() => {
    latest.current = props;
  });
  const { baseMapUrl, layers, metric, stops, kindColors, visibleKinds, selectedBuilding } = props;

  useEffect(() => {
    const created = new MapManager({
      container: container.current!,
      baseMapUrl,
      onBuildingClick: (id) => latest.current.onBuildingClick(id),
      describeBuilding: (properties) => latest.current.describeBuilding(properties),
      describeFacility: (properties) => latest.current.describeFacility(properties),
    });
    setManager(created);
    return () => created.dispose();
  }, [baseMapUrl]);

  useEffect(() => {
    if (layers) manager?.setLayers(layers);
  }, [manager, layers]);
  useEffect(() => manager?.setBuildingColors(metric, stops), [manager, metric, stops]);
  useEffect(() => manager?.setFacilityColors(kindColors), [manager, kindColors]);
  useEffect(() => manager?.setVisibleKinds(visibleKinds), [manager, visibleKinds]);
  useEffect(() => manager?.setSelectedBuilding(selectedBuilding ?? null), [manager, selectedBuilding]);

  return <div ref={container} style={{ position: 'absolute', inset: 0 }} data-testid="map" />;
}
