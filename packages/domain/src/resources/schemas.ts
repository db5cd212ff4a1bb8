/** Schemas of resources, projects, matching and adoption. */
export {};
