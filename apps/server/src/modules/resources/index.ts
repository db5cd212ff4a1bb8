export { resourceRoutes } from './resources.routes.ts';
export { toResource } from './resources.service.ts';
export { rankResources, CATEGORY_KEYWORDS, WEIGHTS } from './resources.matching.ts';
export { createProjectIn, projectsOfResolutions } from './projects.service.ts';
export { projectRecounter } from './projects.recount.ts';
export { resourceTokensRecounter } from './resources.recount.ts';
