import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useConfig } from '../../api/auth.ts';
import type { LonLat, ReportArea } from '../../api/tickets.ts';
import { PinMapManager } from './PinMapManager.ts';

interface PinMapProps {
  areas: ReportArea[];
  pin: LonLat | null;
  /** Where to put the map, when known (the phone's position, a task's place); else it frames the areas. */
  centre: LonLat | null;
  onPick?: (point: LonLat) => void;
}

/** Hosts the PinMapManager: created and disposed in one effect, fed by the others. */
export function PinMap({ areas, pin, centre, onPick }: PinMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const config = useConfig();
  const [manager, setManager] = useState<PinMapManager>();
  // The manager lives longer than one render; it calls the latest callback through this ref.
  const latest = useRef(onPick);
  useLayoutEffect(() => {
    latest.current = onPick;
  });
  const baseMapUrl = config.data?.baseMapUrl;
  const pickable = onPick !== undefined;

  useEffect(() => {
    if (baseMapUrl === undefined) return;
    const created = new PinMapManager({ container: container.current!, baseMapUrl, onPick: pickable ? (point) => latest.current?.(point) : undefined });
    setManager(created);
    return () => created.dispose();
  }, [baseMapUrl, pickable]);

  // Points by value: a refetched ticket brings an equal point, which must not move the map again.
  const [pinLon, pinLat, centreLon, centreLat] = [pin?.lon, pin?.lat, centre?.lon, centre?.lat];
  useEffect(() => manager?.setAreas(areas), [manager, areas]);
  useEffect(() => manager?.setPin(pinLon === undefined || pinLat === undefined ? null : { lon: pinLon, lat: pinLat }), [manager, pinLon, pinLat]);
  useEffect(() => {
    if (centreLon !== undefined && centreLat !== undefined) manager?.centreOn({ lon: centreLon, lat: centreLat });
  }, [manager, centreLon, centreLat]);

  return <div ref={container} className="linli-m-map" data-testid="pin-map" />;
}
