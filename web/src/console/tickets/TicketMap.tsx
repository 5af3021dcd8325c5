import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useConfig } from '../../api/auth.ts';
import { useMapLayers } from '../../api/places.ts';
import { TicketMapManager, type TicketPoint } from '../../map/TicketMapManager.ts';

interface TicketMapProps {
  /** The area whose community and grid outlines are drawn and framed; none for a bare map. */
  areaId?: number;
  tickets?: TicketPoint[];
  pin?: { lon: number; lat: number } | null;
  onTicketClick?: (id: number) => void;
  onPick?: (lon: number, lat: number) => void;
  testId: string;
}

/** Hosts a TicketMapManager: created and disposed in one effect, fed by the others. */
export function TicketMap({ areaId, tickets, pin = null, onTicketClick, onPick, testId }: TicketMapProps) {
  const container = useRef<HTMLDivElement>(null);
  const [manager, setManager] = useState<TicketMapManager>();
  const config = useConfig();
  const layers = useMapLayers(areaId);
  // The manager outlives a render; it calls the latest callbacks through this ref.
  const latest = useRef({ onTicketClick, onPick });
  useLayoutEffect(() => {
    latest.current = { onTicketClick, onPick };
  });
  const baseMapUrl = config.data?.baseMapUrl;
  const picking = onPick !== undefined;

  useEffect(() => {
    if (baseMapUrl === undefined) return;
    const created = new TicketMapManager({
      container: container.current!,
      baseMapUrl,
      onTicketClick: (id) => latest.current.onTicketClick?.(id),
      onPick: picking ? (lon, lat) => latest.current.onPick?.(lon, lat) : undefined,
    });
    setManager(created);
    return () => created.dispose();
  }, [baseMapUrl, picking]);

  useEffect(() => {
    if (layers.data) manager?.setAreas(layers.data.areas, layers.data.bbox);
  }, [manager, layers.data]);
  useEffect(() => manager?.setTickets(tickets ?? []), [manager, tickets]);
  useEffect(() => manager?.setPin(pin), [manager, pin]);

  return <div ref={container} className="linli-ticket-map" data-testid={testId} />;
}
