/** Schemas of Open311 GeoReport v2. */
export {};
