/** Minimal GeoJSON types (RFC 7946), so the package needs no type-only dependency. */
export type Position = [number, number];
export interface PolygonGeometry {
  type: "Polygon";
  coordinates: Position[][];
}
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: Position[][][];
}
export interface PointGeometry {
  type: "Point";
  coordinates: Position;
}
export type Geometry = PolygonGeometry | MultiPolygonGeometry | PointGeometry;
export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: "Feature";
  id?: string;
  geometry: G;
  properties: P;
}
export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: "FeatureCollection";
  features: Feature<G, P>[];
}
