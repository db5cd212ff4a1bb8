/** zh-CN strings of the console app. */
export default {} as Record<string, string>;
