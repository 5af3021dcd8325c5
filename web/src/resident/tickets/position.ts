import { useEffect, useState } from 'react';
import { haversineMetres } from '../../../../src/access/geodesic.ts';
import type { LonLat } from '../../api/tickets.ts';

export type PositionState = { status: 'locating' } | { status: 'found'; at: LonLat } | { status: 'unavailable' };

/**
 * Where the phone is, kept up to date while the page is open — if the browser has geolocation and the
 * user allows it. Pages never wait for it: 'locating' may last until the user answers the prompt.
 */
export function usePosition(): PositionState {
  const supported = typeof navigator !== 'undefined' && 'geolocation' in navigator;
  const [state, setState] = useState<PositionState>(supported ? { status: 'locating' } : { status: 'unavailable' });
  useEffect(() => {
    if (!supported) return;
    const watch = navigator.geolocation.watchPosition(
      (p) => setState({ status: 'found', at: { lon: p.coords.longitude, lat: p.coords.latitude } }),
      // Refused or no fix: a position found earlier stays good enough for distances.
      () => setState((previous) => (previous.status === 'found' ? previous : { status: 'unavailable' })),
      { enableHighAccuracy: true, maximumAge: 30_000, timeout: 15_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, [supported]);
  return state;
}

export function metresBetween(a: LonLat, b: LonLat): number {
  return haversineMetres(a.lon, a.lat, b.lon, b.lat);
}
