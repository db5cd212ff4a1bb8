export { seedDemo } from './demo.seed.ts';
export { DEMO_ACCOUNTS, DEMO_ALLIANCES, DEMO_CITY_ADMIN, DEMO_PASSWORD, DEMO_SHARED_ACCOUNTS, type DemoAccount, type DemoAlliance } from './demo.data.ts';
