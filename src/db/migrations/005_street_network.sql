-- Walking networks for the checkup's life-circle distances (src/streets). One network per area —
-- an imported community, or the demo's subdistrict — and a re-import replaces it in place.
-- The graph is kept as the typed arrays of src/access/types.ts StreetNetwork, each column the
-- array's raw little-endian bytes, so loading one is a copy rather than a parse; the checks keep
-- the byte lengths consistent with the counts.
CREATE TABLE street_network (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  area_id        bigint NOT NULL UNIQUE REFERENCES area(id),
  name           text NOT NULL,
  source         text NOT NULL CHECK (source IN ('osm', 'geojson', 'demo')),
  file_name      text,
  node_count     integer NOT NULL CHECK (node_count >= 0),
  edge_count     integer NOT NULL CHECK (edge_count >= 0),
  -- Extent of every edge's polyline: the checkup finds the network covering a community by it.
  min_lon double precision NOT NULL, min_lat double precision NOT NULL,
  max_lon double precision NOT NULL, max_lat double precision NOT NULL,
  node_lon       bytea NOT NULL CHECK (octet_length(node_lon) = 8 * node_count),
  node_lat       bytea NOT NULL CHECK (octet_length(node_lat) = 8 * node_count),
  edge_from      bytea NOT NULL CHECK (octet_length(edge_from) = 4 * edge_count),
  edge_to        bytea NOT NULL CHECK (octet_length(edge_to) = 4 * edge_count),
  edge_length    bytea NOT NULL CHECK (octet_length(edge_length) = 8 * edge_count),
  geometry_start bytea NOT NULL CHECK (octet_length(geometry_start) = 4 * (edge_count + 1)),
  coords         bytea NOT NULL CHECK (octet_length(coords) % 16 = 0),
  imported_by    bigint REFERENCES app_user(id),
  imported_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX street_network_bbox ON street_network (min_lon, max_lon);
