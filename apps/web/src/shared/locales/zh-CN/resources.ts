/** zh-CN strings of the resources screens (console and H5). Keys start with `resources.`. */
export default {
} satisfies Record<string, string>;
