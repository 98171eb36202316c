import L from 'leaflet';
import Supercluster from 'supercluster';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { h } from './dom.js';

/** The Natural Earth 1:110m country outlines (world-atlas), shipped with the app under a hashed name. */
declare const __COUNTRIES_URL__: string;

export interface PlaceCount {
  name: string;
  lat: number;
  lon: number;
  count: number;
}

interface PointProps {
  name: string;
  count: number;
}

interface ClusterProps {
  claims: number;
}

let countries: Promise<GeoJSON.FeatureCollection> | undefined;
function loadCountries(): Promise<GeoJSON.FeatureCollection> {
  countries ??= fetch(__COUNTRIES_URL__)
    .then((r) => r.json() as Promise<Topology<{ countries: GeometryCollection }>>)
    .then((topology) => feature(topology, topology.objects.countries) as GeoJSON.FeatureCollection);
  return countries;
}

/**
 * One marker per place, sized by its claims, clustered (supercluster) where places crowd together
 * at the current zoom. Markers are keyboard-focusable buttons; activating a place filters to it and
 * activating a cluster zooms into it. The base map is offline: country outlines only, no tiles.
 */
export class ClaimMap {
  private readonly map: L.Map;
  private readonly markers = L.layerGroup();
  private index = new Supercluster<PointProps, ClusterProps>({
    radius: 48,
    maxZoom: 9,
    map: (p) => ({ claims: p.count }),
    reduce: (a, b) => {
      a.claims += b.claims;
    },
  });

  constructor(
    container: HTMLElement,
    private readonly onPlace: (name: string) => void,
  ) {
    // No animations: a filter change rebuilds the view, and Leaflet must not be mid-animation when it goes.
    this.map = L.map(container, {
      minZoom: 1,
      maxZoom: 10,
      zoomSnap: 1,
      zoomAnimation: false,
      fadeAnimation: false,
      markerZoomAnimation: false,
    });
    this.map.attributionControl.setPrefix('Leaflet');
    this.map.attributionControl.addAttribution('Natural Earth');
    this.map.setView([25, 20], 1);
    this.markers.addTo(this.map);
    this.map.on('moveend', () => this.draw());
    loadCountries().then(
      (geo) => {
        L.geoJSON(geo, {
          interactive: false,
          style: { color: '#7a8591', weight: 0.6, fillColor: '#e8e4d8', fillOpacity: 1 },
        }).addTo(this.map);
        this.markers.remove();
        this.markers.addTo(this.map);
      },
      () => container.classList.add('no-basemap'),
    );
  }

  setPlaces(places: PlaceCount[]): void {
    this.index.load(
      places.map((p) => ({
        type: 'Feature' as const,
        geometry: { type: 'Point' as const, coordinates: [p.lon, p.lat] },
        properties: { name: p.name, count: p.count },
      })),
    );
    if (places.length) {
      const bounds = L.latLngBounds(places.map((p) => [p.lat, p.lon] as [number, number]));
      this.map.fitBounds(bounds.pad(0.3), { maxZoom: 7, animate: false });
    }
    this.draw();
  }

  private draw(): void {
    this.markers.clearLayers();
    const b = this.map.getBounds();
    const zoom = this.map.getZoom();
    const features = this.index.getClusters(
      [Math.max(-180, b.getWest()), Math.max(-85, b.getSouth()), Math.min(180, b.getEast()), Math.min(85, b.getNorth())],
      zoom,
    );
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates as [number, number];
      const props = f.properties;
      if ('cluster' in props && props.cluster) {
        const label = `${props.point_count} places, ${props.claims} claims: zoom in`;
        this.add(lat, lon, `${props.point_count}`, 'marker cluster', label, () => {
          const target = Math.min(this.index.getClusterExpansionZoom(props.cluster_id), this.map.getMaxZoom());
          this.map.setView([lat, lon], target);
        });
      } else {
        const { name, count } = props as PointProps;
        this.add(lat, lon, String(count), 'marker place', `${name}: ${count} claim${count === 1 ? '' : 's'}; show only ${name}`, () =>
          this.onPlace(name),
        );
      }
    }
  }

  private add(lat: number, lon: number, text: string, className: string, label: string, activate: () => void): void {
    const size = 26 + Math.min(18, text.length * 5);
    const icon = L.divIcon({ html: h('span', {}, text), className, iconSize: [size, size] });
    const marker = L.marker([lat, lon], { icon, title: label, keyboard: true, riseOnHover: true, autoPanOnFocus: false });
    marker.on('click', activate);
    marker.addTo(this.markers);
    const element = marker.getElement();
    element?.setAttribute('aria-label', label);
    element?.addEventListener('keydown', (event) => {
      if (event.key !== 'Enter' && event.key !== ' ') return;
      event.preventDefault();
      activate();
    });
  }

  destroy(): void {
    this.map.off();
    this.map.stop();
    this.map.remove();
  }
}
