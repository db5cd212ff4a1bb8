export { peopleRoutes } from './people.routes.ts';
export { genderFromIdNumber, toPerson } from './people.service.ts';
export { inScope as personInScope } from './people.repo.ts';
