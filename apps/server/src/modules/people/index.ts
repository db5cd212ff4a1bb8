export { peopleRoutes } from './people.routes.ts';
export { genderFromIdNumber, toPerson } from './people.service.ts';
