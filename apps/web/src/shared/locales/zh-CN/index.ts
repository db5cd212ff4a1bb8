import common from './common.ts';
import consoleStrings from './console.ts';
import h5 from './h5.ts';
import merchants from './merchants.ts';
import notifications from './notifications.ts';
import open311 from './open311.ts';
import meetings from './meetings.ts';
import resources from './resources.ts';
import screen from './screen.ts';

/** Every zh-CN string of the console and the H5 app, by key. */
const dict: Record<string, string> = { ...common, ...consoleStrings, ...h5, ...merchants, ...resources, ...meetings, ...screen, ...notifications, ...open311 };
export default dict;
